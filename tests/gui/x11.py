"""What the X server knows of the app's windows, read with Xlib through ctypes (libX11 comes
with GTK): their sizes, the least size each asked the window manager for, and a resize as a
window manager would make one. The tests run on Xvfb without a window manager."""
import ctypes

_X = ctypes.CDLL("libX11.so.6")
_X.XOpenDisplay.restype = ctypes.c_void_p
_X.XOpenDisplay.argtypes = [ctypes.c_char_p]
_X.XDefaultRootWindow.restype = ctypes.c_ulong
_X.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
_X.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                          ctypes.POINTER(ctypes.c_ulong),
                          ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                          ctypes.POINTER(ctypes.c_uint)]
_X.XFetchName.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_char_p)]
_X.XFree.argtypes = [ctypes.c_void_p]
_X.XResizeWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_uint, ctypes.c_uint]
_X.XFlush.argtypes = [ctypes.c_void_p]
_X.XCloseDisplay.argtypes = [ctypes.c_void_p]


class _Attributes(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int),
                ("height", ctypes.c_int), ("border_width", ctypes.c_int),
                ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
                ("root", ctypes.c_ulong), ("c_class", ctypes.c_int),
                ("bit_gravity", ctypes.c_int), ("win_gravity", ctypes.c_int),
                ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
                ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int),
                ("colormap", ctypes.c_ulong), ("map_installed", ctypes.c_int),
                ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
                ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
                ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p)]


class _SizeHints(ctypes.Structure):
    _fields_ = [("flags", ctypes.c_long), ("x", ctypes.c_int), ("y", ctypes.c_int),
                ("width", ctypes.c_int), ("height", ctypes.c_int),
                ("min_width", ctypes.c_int), ("min_height", ctypes.c_int),
                ("max_width", ctypes.c_int), ("max_height", ctypes.c_int),
                ("width_inc", ctypes.c_int), ("height_inc", ctypes.c_int),
                ("min_aspect_x", ctypes.c_int), ("min_aspect_y", ctypes.c_int),
                ("max_aspect_x", ctypes.c_int), ("max_aspect_y", ctypes.c_int),
                ("base_width", ctypes.c_int), ("base_height", ctypes.c_int),
                ("win_gravity", ctypes.c_int)]


_X.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                    ctypes.POINTER(_Attributes)]
_X.XGetWMNormalHints.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(_SizeHints),
                                 ctypes.POINTER(ctypes.c_long)]
_IS_VIEWABLE = 2
_P_MIN_SIZE = 1 << 4
_P_MAX_SIZE = 1 << 5


class _Display:
    def __enter__(self):
        self.d = _X.XOpenDisplay(None)
        if not self.d:
            raise RuntimeError("no X display")
        return self.d

    def __exit__(self, *exc):
        _X.XCloseDisplay(self.d)


def windows():
    """The windows on screen: a dict each, with id, title, width, height, least_width (None if
    it asked for none) and fixed (it cannot be resized: libadwaita's message dialogs size
    themselves to their parent window, and GTK gives their size as the least and the most)."""
    found = []
    with _Display() as d:
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        children, n = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        if not _X.XQueryTree(d, _X.XDefaultRootWindow(d), ctypes.byref(root),
                             ctypes.byref(parent), ctypes.byref(children), ctypes.byref(n)):
            return found
        ids = [children[i] for i in range(n.value)]
        if children:
            _X.XFree(children)
        for w in ids:
            attributes = _Attributes()
            if not _X.XGetWindowAttributes(d, w, ctypes.byref(attributes)) \
                    or attributes.map_state != _IS_VIEWABLE:
                continue
            name = ctypes.c_char_p()
            title = None
            if _X.XFetchName(d, w, ctypes.byref(name)) and name.value is not None:
                try:
                    title = name.value.decode("utf-8")
                except UnicodeDecodeError:  # WM_NAME in Latin-1, as X's STRING type is
                    title = name.value.decode("latin-1")
                _X.XFree(name)
            hints, supplied = _SizeHints(), ctypes.c_long()
            least, fixed = None, False
            if _X.XGetWMNormalHints(d, w, ctypes.byref(hints), ctypes.byref(supplied)):
                if hints.flags & _P_MIN_SIZE:
                    least = hints.min_width
                fixed = bool(hints.flags & _P_MIN_SIZE and hints.flags & _P_MAX_SIZE
                             and hints.min_width == hints.max_width
                             and hints.min_height == hints.max_height)
            found.append({"id": w, "title": title, "width": attributes.width,
                          "height": attributes.height, "least_width": least, "fixed": fixed})
    return found


def resize(window, width, height):
    """Resizes a window as a window manager would on the user's demand."""
    with _Display() as d:
        _X.XResizeWindow(d, window, width, height)
        _X.XFlush(d)
