// A plain hand-written 16x16 int8 weight-stationary array: registers for
// weights, activations and partial sums, generate loops, the arithmetic of
// systole's core (signed 8-bit operands, 32-bit accumulation) and none of
// its protocol. The yardstick for the Verilator build time of the emitted
// core (see BenchmarkVerilatorBuild and the README).
module hand_array #(
  parameter ROWS = 16, COLS = 16, IW = 8, AW = 32
) (
  input  wire               clk,
  input  wire               rst,
  input  wire               w_en,   // shift a row of weights in at the top
  input  wire [COLS*IW-1:0] w_data,
  input  wire [ROWS*IW-1:0] a_data, // one activation per row, from the left
  output wire [COLS*AW-1:0] c_data  // one sum per column, at the bottom
);
  wire [IW-1:0] a  [0:ROWS-1][0:COLS];
  wire [IW-1:0] wt [0:ROWS][0:COLS-1];
  wire [AW-1:0] ps [0:ROWS][0:COLS-1];
  genvar r, c;
  generate
    for (c = 0; c < COLS; c = c + 1) begin : edge_c
      assign wt[0][c] = w_data[c*IW +: IW];
      assign ps[0][c] = {AW{1'b0}};
      assign c_data[c*AW +: AW] = ps[ROWS][c];
    end
    for (r = 0; r < ROWS; r = r + 1) begin : row
      assign a[r][0] = a_data[r*IW +: IW];
      for (c = 0; c < COLS; c = c + 1) begin : pe
        reg signed [IW-1:0] w_q, a_q;
        reg signed [AW-1:0] ps_q;
        always @(posedge clk)
          if (rst) begin
            w_q <= {IW{1'b0}};
            a_q <= {IW{1'b0}};
            ps_q <= {AW{1'b0}};
          end else begin
            if (w_en) w_q <= wt[r][c];
            a_q <= a[r][c];
            ps_q <= $signed(ps[r][c]) + $signed(a[r][c]) * w_q;
          end
        assign wt[r+1][c] = w_q;
        assign a[r][c+1] = a_q;
        assign ps[r+1][c] = ps_q;
      end
    end
  endgenerate
endmodule
