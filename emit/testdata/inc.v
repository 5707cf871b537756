// A combinational incrementer: y = x + N. It stands in for vendor IP that
// the generator does not describe (a black box) in the tests of emit.
module inc #(parameter N = 1) (
  input  wire [3:0] x,
  output wire [3:0] y
);
  /* verilator lint_off UNUSEDSIGNAL */
  wire [31:0] sum = {28'd0, x} + N;
  /* verilator lint_on UNUSEDSIGNAL */
  assign y = sum[3:0];
endmodule
