// Package elaborate turns a dsl description into a netlist.Design and is
// where every semantic check of a description happens.
//
// Elaborate runs a fixed list of named steps (see the steps variable):
// record the generators, lower each module (When blocks become muxes with
// last-connect semantics, operators get their documented width rule as
// explicit extensions), fold constants, merge copies, drop dead
// temporaries, and check the result with netlist.Check. Every problem is
// reported together in one netlist.ErrorList, each naming the signal, the
// module (with the instance path where it was first used) and the user's
// file:line.
package elaborate
