#!/usr/bin/python3
"""A window that drags one file, as a file manager does: the other side of a drop on the
app in tests/gui/test_gui.py. Usage: drag_source.py FILE"""
import sys

import gi
gi.require_version("Gdk", "4.0")
gi.require_version("Gtk", "4.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402


def on_activate(app):
    uri = GLib.filename_to_uri(sys.argv[1], None)
    window = Gtk.ApplicationWindow(application=app, title="Drag source")
    window.set_default_size(200, 120)
    label = Gtk.Label(label="Drag me")
    source = Gtk.DragSource(actions=Gdk.DragAction.COPY)
    source.connect("prepare", lambda *_args: Gdk.ContentProvider.new_for_bytes(
        "text/uri-list", GLib.Bytes.new((uri + "\r\n").encode())))
    label.add_controller(source)
    window.set_child(label)
    window.present()


app = Gtk.Application(application_id="io.github.relance.tests.DragSource")
app.connect("activate", on_activate)
app.run([])
