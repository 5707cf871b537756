// Package version holds systole's version, which every generated output
// carries: the header comment of the Verilog and the C header, and the
// manifest's systole_version. It is a constant, so the same input still
// gives byte-identical output; a release changes it in one place.
package version

// Systole is the version of systole, in semantic-versioning form.
const Systole = "0.1.0-dev"

// ManifestSchema is the version of the manifest's JSON layout: it changes
// when a field is renamed, removed or changes meaning, not when one is
// added.
const ManifestSchema = 2
