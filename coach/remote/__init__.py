"""The phone remote: a small page on the person's own phone that follows a running session
and sends pause, next and stop-for-pain to it. Textual-free.

* :mod:`coach.remote.link`: the thread-safe port (intents in, state out) between the front end
  that owns the :class:`~coach.session.run.SessionRun` and the server's threads;
* :mod:`coach.remote.state`: the page's state and words, from the engine's view and the pack's
  safety guidance;
* :mod:`coach.remote.server`: the HTTP server (the page, its event stream, the intents) and
  its checks (Host, Origin, a one-time link swapped for a cookie);
* :mod:`coach.remote.control`: :class:`~coach.remote.control.Remote`, what a front end holds;
* :mod:`coach.remote.qr`: the link as a QR code in half-block characters.

Nothing here is imported, and no socket is opened, unless the remote is asked for.
"""
