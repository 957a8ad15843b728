"""The full-screen front end, on Textual: the app routes; screens/, widgets/ and dialogs/ (one
modal a file) show what the layers below hand them, with their styles in .tcss beside them."""
