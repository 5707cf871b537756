// Package deps holds the test that keeps the import direction of
// ../shared/DESIGN.md honest: each package may import only the packages
// listed for it.
package deps
