"""The app's words, Thai and English, one module per page; `warroom.text.i18n` joins them."""
