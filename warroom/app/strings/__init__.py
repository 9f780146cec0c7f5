"""The app's words, Thai and English, one module per page; `warroom.app.i18n` joins them."""
