/**
 * The language server behind `aec lsp`: diagnostics, hovers, inlay hints, completion, navigation and
 * formatting for `.aemodel` files, computed by the compiler itself (no second parser).
 */
package dev.aec.lsp;
