//! Pages of positioned text and lines: wrapping measured with the shaper krilla draws with, so a
//! line measured to fit does fit; tables whose rows never split and whose header repeats on a new
//! page. Then drawn with krilla, each page with its footer.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// The paper: A4 (595 × 842 pt) or US Letter (612 × 792 pt).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Body,
    Bold,
    Muted,
}

/// A table cell's text (`\n` starts a new line in it).
pub struct Cell(String);

impl Cell {
    pub fn text(s: &str) -> Cell {
        Cell(s.to_string())
    }
}

enum Prim {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        grey: bool,
        text: String,
    },
    Line {
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
    },
    Shade {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

struct Measure {
    regular: rustybuzz::Face<'static>,
    bold: rustybuzz::Face<'static>,
}

impl Measure {
    fn face(&self, bold: bool) -> &rustybuzz::Face<'static> {
        if bold { &self.bold } else { &self.regular }
    }

    /// The width of `text` in points, as krilla will draw it.
    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = self.face(bold);
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let out = rustybuzz::shape(face, &[], buffer);
        let advance: i32 = out.glyph_positions().iter().map(|p| p.x_advance).sum();
        advance as f32 / face.units_per_em() as f32 * size
    }

    /// Characters the font has no glyph for, written as their code points.
    fn drawable(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if c == '\n' || self.regular.glyph_index(c).is_some() {
                out.push(c);
            } else if c.is_control() || c.is_whitespace() {
                out.push(' ');
            } else {
                out.push_str(&format!("[U+{:04X}]", c as u32));
            }
        }
        out
    }

    /// `text` broken into lines no wider than `width` (words first, then characters).
    fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let text = self.drawable(text);
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size, bold) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if self.width(word, size, bold) <= width {
                    line = word.to_string();
                } else {
                    // A word wider than the line (a long claim URI, a hash): cut by characters.
                    for c in word.chars() {
                        let mut next = line.clone();
                        next.push(c);
                        if !line.is_empty() && self.width(&next, size, bold) > width {
                            lines.push(std::mem::take(&mut line));
                            line.push(c);
                        } else {
                            line = next;
                        }
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

pub struct Layout {
    measure: Measure,
    paper: Paper,
    pages: Vec<Vec<Prim>>,
    y: f32,
}

const MARGIN: f32 = 42.0;
const FOOTER: f32 = 34.0;
const BODY: f32 = 9.5;
const PAD: f32 = 3.0;

impl Layout {
    pub fn new(paper: Paper) -> Result<Layout, String> {
        let face = |bytes: &'static [u8]| {
            rustybuzz::Face::from_slice(bytes, 0).ok_or("the embedded font could not be read")
        };
        Ok(Layout {
            measure: Measure {
                regular: face(REGULAR)?,
                bold: face(BOLD)?,
            },
            paper,
            pages: vec![Vec::new()],
            y: MARGIN,
        })
    }

    fn width(&self) -> f32 {
        self.paper.size().0 - 2.0 * MARGIN
    }

    fn bottom(&self) -> f32 {
        self.paper.size().1 - MARGIN - FOOTER
    }

    fn page(&mut self) -> &mut Vec<Prim> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Room for `height` more points on this page, or a new page.
    fn ensure(&mut self, height: f32) {
        if self.y + height > self.bottom() && self.y > MARGIN {
            self.new_page();
        }
    }

    fn line_height(size: f32) -> f32 {
        size * 1.35
    }

    fn lines_at(&mut self, x: f32, lines: &[String], size: f32, bold: bool, grey: bool) {
        for line in lines {
            let lh = Self::line_height(size);
            self.ensure(lh);
            let y = self.y + size;
            self.page().push(Prim::Text {
                x,
                y,
                size,
                bold,
                grey,
                text: line.clone(),
            });
            self.y += lh;
        }
    }

    pub fn heading(&mut self, text: &str, level: u8) {
        let size = match level {
            1 => 18.0,
            2 => 14.0,
            _ => 11.5,
        };
        let lines = self.measure.wrap(text, size, true, self.width());
        // A heading never ends a page: keep room for a few lines after it.
        self.y += if level == 1 { 0.0 } else { size * 0.8 };
        self.ensure(Self::line_height(size) * lines.len() as f32 + 4.0 * Self::line_height(BODY));
        self.lines_at(MARGIN, &lines, size, true, false);
        if level == 2 {
            let (x0, x1, y) = (MARGIN, MARGIN + self.width(), self.y);
            self.page().push(Prim::Line {
                x0,
                y0: y,
                x1,
                y1: y,
            });
            self.y += 4.0;
        }
        self.y += 2.0;
    }

    pub fn paragraph(&mut self, text: &str, style: Style) {
        let bold = style == Style::Bold;
        let lines = self.measure.wrap(text, BODY, bold, self.width());
        self.lines_at(MARGIN, &lines, BODY, bold, style == Style::Muted);
        self.y += 3.0;
    }

    pub fn bullet(&mut self, text: &str) {
        let indent = 12.0;
        let lines = self.measure.wrap(text, BODY, false, self.width() - indent);
        self.ensure(Self::line_height(BODY));
        let y = self.y + BODY;
        self.page().push(Prim::Text {
            x: MARGIN + 2.0,
            y,
            size: BODY,
            bold: false,
            grey: false,
            text: "•".into(),
        });
        self.lines_at(MARGIN + indent, &lines, BODY, false, false);
        self.y += 1.5;
    }

    /// A table: `widths` are fractions of the text width; a row is never split across pages, and
    /// the header row is drawn again at the top of a new page.
    pub fn table(&mut self, headers: &[&str], widths: &[f32], rows: &[Vec<Cell>]) {
        let size = BODY - 0.5;
        let lh = Self::line_height(size);
        let columns: Vec<f32> = widths.iter().map(|w| w * self.width()).collect();
        let header: Vec<Vec<String>> = headers
            .iter()
            .zip(&columns)
            .map(|(h, w)| self.measure.wrap(h, size, true, w - 2.0 * PAD))
            .collect();
        let header_height = header.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + 2.0 * PAD;
        let wrapped: Vec<Vec<Vec<String>>> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&columns)
                    .map(|(cell, w)| self.measure.wrap(&cell.0, size, false, w - 2.0 * PAD))
                    .collect()
            })
            .collect();
        self.ensure(header_height + lh + 2.0 * PAD);
        self.row(&header, &columns, size, true);
        for row in &wrapped {
            let height = row.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + 2.0 * PAD;
            if self.y + height > self.bottom() {
                self.new_page();
                self.row(&header, &columns, size, true);
            }
            self.row(row, &columns, size, false);
        }
        self.y += 6.0;
    }

    fn row(&mut self, cells: &[Vec<String>], columns: &[f32], size: f32, header: bool) {
        let lh = Self::line_height(size);
        let height = cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + 2.0 * PAD;
        let top = self.y;
        let width: f32 = columns.iter().sum();
        if header {
            self.page().push(Prim::Shade {
                x: MARGIN,
                y: top,
                w: width,
                h: height,
            });
        }
        let mut x = MARGIN;
        for (lines, w) in cells.iter().zip(columns) {
            for (i, line) in lines.iter().enumerate() {
                let y = top + PAD + size + i as f32 * lh;
                self.page().push(Prim::Text {
                    x: x + PAD,
                    y,
                    size,
                    bold: header,
                    grey: false,
                    text: line.clone(),
                });
            }
            self.page().push(Prim::Line {
                x0: x,
                y0: top,
                x1: x,
                y1: top + height,
            });
            x += w;
        }
        let right = MARGIN + width;
        let page = self.page();
        page.push(Prim::Line {
            x0: right,
            y0: top,
            x1: right,
            y1: top + height,
        });
        page.push(Prim::Line {
            x0: MARGIN,
            y0: top,
            x1: right,
            y1: top,
        });
        page.push(Prim::Line {
            x0: MARGIN,
            y0: top + height,
            x1: right,
            y1: top + height,
        });
        self.y = top + height;
    }

    /// Draw every page with its footer (the data's SHA-256, the page number).
    pub fn finish(self, title: &str, sha256: &str) -> Result<Vec<u8>, String> {
        let regular = Font::new(REGULAR.into(), 0).ok_or("the embedded font could not be read")?;
        let bold = Font::new(BOLD.into(), 0).ok_or("the embedded bold font could not be read")?;
        let (w, h) = self.paper.size();
        let mut document = Document::new();
        document.set_metadata(
            Metadata::new()
                .title(title.to_string())
                .creator("Deny List Manager".to_string()),
        );
        let total = self.pages.len();
        for (n, prims) in self.pages.iter().enumerate() {
            let settings = PageSettings::from_wh(w, h).ok_or("the paper size is not usable")?;
            let mut page = document.start_page_with(settings);
            let mut surface = page.surface();
            let footer = [
                format!("SHA-256 of the report's data (JSON): {sha256}"),
                format!("{title} · page {} of {total}", n + 1),
            ];
            let footer_prims = footer.iter().enumerate().map(|(i, text)| Prim::Text {
                x: MARGIN,
                y: h - MARGIN - FOOTER + 16.0 + i as f32 * 10.0,
                size: 7.0,
                bold: false,
                grey: true,
                text: text.clone(),
            });
            for prim in prims.iter().chain(footer_prims.collect::<Vec<_>>().iter()) {
                match prim {
                    Prim::Text {
                        x,
                        y,
                        size,
                        bold: b,
                        grey,
                        text,
                    } => {
                        if text.is_empty() {
                            continue;
                        }
                        surface.set_stroke(None);
                        let colour = if *grey {
                            rgb::Color::new(90, 90, 90)
                        } else {
                            rgb::Color::new(20, 22, 30)
                        };
                        surface.set_fill(Some(Fill {
                            paint: colour.into(),
                            ..Fill::default()
                        }));
                        let font = if *b { bold.clone() } else { regular.clone() };
                        surface.draw_text(
                            Point::from_xy(*x, *y),
                            font,
                            *size,
                            text,
                            false,
                            TextDirection::Auto,
                        );
                    }
                    Prim::Line { x0, y0, x1, y1 } => {
                        let mut path = PathBuilder::new();
                        path.move_to(*x0, *y0);
                        path.line_to(*x1, *y1);
                        if let Some(path) = path.finish() {
                            surface.set_fill(None);
                            surface.set_stroke(Some(Stroke {
                                width: 0.5,
                                paint: rgb::Color::new(160, 164, 178).into(),
                                ..Stroke::default()
                            }));
                            surface.draw_path(&path);
                        }
                    }
                    Prim::Shade { x, y, w, h } => {
                        let mut path = PathBuilder::new();
                        if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                            path.push_rect(rect);
                        }
                        if let Some(path) = path.finish() {
                            surface.set_stroke(None);
                            surface.set_fill(Some(Fill {
                                paint: rgb::Color::new(236, 238, 245).into(),
                                ..Fill::default()
                            }));
                            surface.draw_path(&path);
                        }
                    }
                }
            }
            surface.finish();
            page.finish();
        }
        document
            .finish()
            .map_err(|e| format!("the PDF could not be made: {e:?}"))
    }
}
