package report

import (
	"fmt"
	"image/color"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// This file draws the scatter plots with a Pareto front that pareto.svg
// and energy.svg share.

// plotPoint is one point of a scatter plot: its dataflow (the series),
// its shape (the label) and its coordinates.
type plotPoint struct {
	dataflow, shape string
	x, y            float64
}

// front returns the indices of the points no other point beats on both
// coordinates: x smaller, and y larger when maxY (throughput), else
// smaller (energy); by increasing x, then y.
func front(pts []plotPoint, maxY bool) []int {
	better := func(a, b float64) bool { return a < b } // y of a beats y of b
	if maxY {
		better = func(a, b float64) bool { return a > b }
	}
	var out []int
	for i, p := range pts {
		dominated := false
		for j, q := range pts {
			if j != i && q.x <= p.x && !better(p.y, q.y) && (q.x < p.x || better(q.y, p.y)) {
				dominated = true
				break
			}
		}
		if !dominated {
			out = append(out, i)
		}
	}
	slices.SortFunc(out, func(a, b int) int {
		if pts[a].x != pts[b].x {
			return cmpF(pts[a].x, pts[b].x)
		}
		return cmpF(pts[a].y, pts[b].y)
	})
	return out
}

// scatterPlot plots pts as a labelled scatter per dataflow (ws, os) with
// their Pareto front (see front), dashed and ringed.
func scatterPlot(title, xLabel, yLabel string, pts []plotPoint, maxY bool) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Legend.Top = true
	p.Legend.Left = true
	for _, df := range []string{"ws", "os"} {
		var xy plotter.XYs
		var text []string
		for _, q := range pts {
			if q.dataflow == df {
				xy, text = append(xy, plotter.XY{X: q.x, Y: q.y}), append(text, q.shape)
			}
		}
		if len(xy) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return nil, err
		}
		sc.Color = dfColor[df]
		lb, err := labels(xy, text)
		if err != nil {
			return nil, err
		}
		p.Add(sc, lb)
		p.Legend.Add(df, sc)
	}
	var fr plotter.XYs
	for _, i := range front(pts, maxY) {
		fr = append(fr, plotter.XY{X: pts[i].x, Y: pts[i].y})
	}
	if len(fr) == 0 {
		return p, nil
	}
	l, rings, err := plotter.NewLinePoints(fr)
	if err != nil {
		return nil, err
	}
	l.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
	rings.Shape = draw.RingGlyph{}
	rings.Radius = vg.Points(5)
	p.Add(l, rings)
	p.Legend.Add("Pareto front", l, rings)
	return p, nil
}

// labels returns the shapes of stats at xy as plot labels.
func labels(xy plotter.XYs, text []string) (*plotter.Labels, error) {
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: xy, Labels: text})
	if err != nil {
		return nil, err
	}
	for i := range l.TextStyle {
		l.TextStyle[i].XAlign = draw.XCenter
		l.TextStyle[i].YAlign = draw.YBottom
	}
	l.Offset = vg.Point{Y: vg.Points(4)}
	return l, nil
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

var dfColor = map[string]color.Color{
	"ws": color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
	"os": color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff},
}

// shape labels a row's point in the plots: RxC, and its accumulator's
// rows when it has one (4x4 acc64).
func shape(r Row) string {
	if r.AccRows > 0 {
		return fmt.Sprintf("%dx%d acc%d", r.Rows, r.Cols, r.AccRows)
	}
	return fmt.Sprintf("%dx%d", r.Rows, r.Cols)
}
