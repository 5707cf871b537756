// A single-port synchronous SRAM: at each rising edge, read the addressed
// word into rdata (the old contents), and write wdata there when we.
// This file stands in for a vendor's SRAM macro model: the design
// instantiates it as a black box (examples/sram.go), and Verilator, Icarus
// and synthesis read it from the file list systole writes.
module sram_sp #(parameter DEPTH = 16, parameter WIDTH = 8, parameter AW = 4) (
  input  wire             clk,
  input  wire [AW-1:0]    addr,
  input  wire             we,
  input  wire [WIDTH-1:0] wdata,
  output reg  [WIDTH-1:0] rdata
);
  reg [WIDTH-1:0] mem [0:DEPTH-1];
  always @(posedge clk) begin
    if (we) mem[addr] <= wdata;
    rdata <= mem[addr];
  end
`ifndef SYNTHESIS
  integer i;
  initial begin
    rdata = {WIDTH{1'b0}};
    for (i = 0; i < DEPTH; i = i + 1) mem[i] = {WIDTH{1'b0}};
  end
`endif
endmodule
