//! A small JSON reader of our own, so byte-exactness is checked by a second,
//! independent route and not by serde_json comparing with itself. Objects keep
//! their keys in order (duplicates included), strings are decoded, and numbers
//! are kept as their exact value (`1E5` and `1e+5` are equal; `1.0` and `1.00`
//! are equal; `0` and `-0` are not).

#[derive(Debug, Clone, PartialEq)]
pub enum J {
    Null,
    Bool(bool),
    /// The exact value: sign, significant digits and exponent.
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    pub fn get(&self, key: &str) -> Option<&J> {
        match self {
            J::Obj(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

pub fn parse(text: &str) -> J {
    let mut r = Reader {
        b: text.as_bytes(),
        i: 0,
    };
    let v = r.value();
    r.ws();
    assert_eq!(r.i, r.b.len(), "trailing text");
    v
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && b" \t\r\n".contains(&self.b[self.i]) {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) {
        self.ws();
        assert_eq!(self.b[self.i], c, "expected {} at {}", c as char, self.i);
        self.i += 1;
    }
    fn peek(&mut self) -> u8 {
        self.ws();
        self.b[self.i]
    }
    fn value(&mut self) -> J {
        match self.peek() {
            b'{' => {
                self.eat(b'{');
                let mut pairs = Vec::new();
                if self.peek() == b'}' {
                    self.eat(b'}');
                    return J::Obj(pairs);
                }
                loop {
                    let k = self.string();
                    self.eat(b':');
                    pairs.push((k, self.value()));
                    if self.peek() == b',' {
                        self.eat(b',');
                    } else {
                        self.eat(b'}');
                        return J::Obj(pairs);
                    }
                }
            }
            b'[' => {
                self.eat(b'[');
                let mut items = Vec::new();
                if self.peek() == b']' {
                    self.eat(b']');
                    return J::Arr(items);
                }
                loop {
                    items.push(self.value());
                    if self.peek() == b',' {
                        self.eat(b',');
                    } else {
                        self.eat(b']');
                        return J::Arr(items);
                    }
                }
            }
            b'"' => J::Str(self.string()),
            b't' => self.word("true", J::Bool(true)),
            b'f' => self.word("false", J::Bool(false)),
            b'n' => self.word("null", J::Null),
            _ => self.number(),
        }
    }
    fn word(&mut self, w: &str, v: J) -> J {
        assert!(self.b[self.i..].starts_with(w.as_bytes()));
        self.i += w.len();
        v
    }
    fn string(&mut self) -> String {
        self.eat(b'"');
        let mut units: Vec<u16> = Vec::new();
        let mut out = String::new();
        let flush = |units: &mut Vec<u16>, out: &mut String| {
            out.push_str(&String::from_utf16(units).expect("valid surrogates"));
            units.clear();
        };
        loop {
            let c = self.b[self.i];
            self.i += 1;
            match c {
                b'"' => {
                    flush(&mut units, &mut out);
                    return out;
                }
                b'\\' => {
                    let e = self.b[self.i];
                    self.i += 1;
                    if e == b'u' {
                        let hex = std::str::from_utf8(&self.b[self.i..self.i + 4]).unwrap();
                        units.push(u16::from_str_radix(hex, 16).unwrap());
                        self.i += 4;
                        continue;
                    }
                    flush(&mut units, &mut out);
                    out.push(match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        other => panic!("bad escape {}", other as char),
                    });
                }
                _ => {
                    flush(&mut units, &mut out);
                    // Copy one UTF-8 character.
                    let start = self.i - 1;
                    let len = match c {
                        0..=0x7f => 1,
                        0xc0..=0xdf => 2,
                        0xe0..=0xef => 3,
                        _ => 4,
                    };
                    out.push_str(std::str::from_utf8(&self.b[start..start + len]).unwrap());
                    self.i = start + len;
                }
            }
        }
    }
    fn number(&mut self) -> J {
        let start = self.i;
        while self.i < self.b.len() && b"+-0123456789.eE".contains(&self.b[self.i]) {
            self.i += 1;
        }
        J::Num(exact(std::str::from_utf8(&self.b[start..self.i]).unwrap()))
    }
}

/// `-1.50E+3` → `-15e2`; `0.0` → `0`; `-0.0` → `-0`.
pub fn exact(text: &str) -> String {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], rest[i + 1..].parse::<i64>().unwrap()),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits: String = format!("{int}{frac}").trim_start_matches('0').to_string();
    let mut exp = exponent - frac.len() as i64;
    while digits.ends_with('0') {
        digits.pop();
        exp += 1;
    }
    let sign = if negative { "-" } else { "" };
    if digits.is_empty() {
        return format!("{sign}0");
    }
    format!("{sign}{digits}e{exp}")
}
