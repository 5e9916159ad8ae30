/**
 * What the editor shows about a document: hovers, inlay hints of shapes, completion and signature help.
 * Each provider is a pure function of an {@link dev.aec.lsp.Analysis} and a place, holding no state, so
 * the server calls it on any version it has and a test calls it on a compiled string.
 */
package dev.aec.lsp.features;
