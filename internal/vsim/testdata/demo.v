// demo is the hand-written design of vsim's tests: a counter with reset and
// enable, a 130-bit adder and xor, and ports of 1, 64 and 65 bits.
// Its Go model is demoModel in vsim_test.go.
module demo (
  input          clk,
  input          rst,
  input          en,
  input  [7:0]   step,
  input  [129:0] a,
  input  [129:0] b,
  input          bit1,
  input  [63:0]  w64,
  input  [64:0]  w65,
  output [15:0]  count,
  output [129:0] sum,
  output [129:0] mix,
  output         nbit,
  output [63:0]  q64,
  output [64:0]  q65
);
  reg [15:0] cnt;
  reg [63:0] r64;
`ifndef SYNTHESIS
  initial begin
    cnt = 16'd0;
    r64 = 64'd0;
  end
`endif
  always @(posedge clk) begin
    if (rst) cnt <= 16'd0;
    else if (en) cnt <= cnt + {8'd0, step};
    r64 <= w64 ^ {48'd0, cnt};
  end
  assign count = cnt;
  assign sum = a + b;
  assign mix = (a ^ b) ^ {w65, w64, bit1};
  assign nbit = ~bit1 ^ cnt[0];
  assign q64 = r64;
  assign q65 = w65 + {1'b0, w64};
endmodule
