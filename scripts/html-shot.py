#!/usr/bin/python3
"""Render an HTML file in WebKitGTK (the engine the app uses) and save a picture of the whole page.

    xvfb-run -a scripts/html-shot.py report.html report.png [width]

Used to look at the evidence report as a browser shows it (docs/screenshots/)."""
import os
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402


def main() -> int:
    source, target = sys.argv[1], sys.argv[2]
    width = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    window = Gtk.OffscreenWindow()
    view = WebKit2.WebView()
    view.set_size_request(width, 900)
    window.add(view)
    window.show_all()
    result = {"code": 1}

    def done(v, res):
        surface = v.get_snapshot_finish(res)
        surface.write_to_png(target)
        result["code"] = 0
        Gtk.main_quit()

    def snap():
        view.get_snapshot(WebKit2.SnapshotRegion.FULL_DOCUMENT, WebKit2.SnapshotOptions.NONE, None, done)
        return False

    def loaded(v, event):
        if event == WebKit2.LoadEvent.FINISHED:
            GLib.timeout_add(400, snap)

    def failed(*_):
        Gtk.main_quit()
        return False

    view.connect("load-changed", loaded)
    view.connect("load-failed", failed)
    GLib.timeout_add_seconds(30, failed)
    view.load_uri("file://" + os.path.abspath(source))
    Gtk.main()
    return result["code"]


if __name__ == "__main__":
    sys.exit(main())
