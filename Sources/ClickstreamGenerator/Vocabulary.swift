/// Embedded word lists. They are data, in Vocabularies/*.tsv (one file per list or table,
/// entries in the order the arrays keep); EmbedPlugin turns them into this enum's static
/// arrays of literals, and the tables' row types (`City`, `Client`, `CategoryWords`), at build
/// time (Sources/Embed/Tables.swift). Every entry is a literal that needs no JSON escaping
/// (checked by Embed and by a test), so encoders copy its bytes straight from the binary's
/// read-only data.
public enum Vocabulary {}
