package report

import (
	"fmt"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// energyStat is one point's workload totals over its ok rows.
type energyStat struct {
	key, dataflow  string
	shape          string  // RxC, its label
	cycles, energy float64 // simulated cycles and energy (µJ), summed over the workload
}

// energyStats sums each point's ok rows; a point with a failed row is
// left out (its totals would not be the workload's).
func energyStats(rows []Row) []energyStat {
	idx := map[string]int{}
	failed := map[string]bool{}
	var stats []energyStat
	for _, r := range rows {
		if r.Status != "ok" {
			failed[r.Point] = true
			continue
		}
		i, ok := idx[r.Point]
		if !ok {
			i = len(stats)
			idx[r.Point] = i
			stats = append(stats, energyStat{key: r.Point, dataflow: r.Dataflow, shape: fmt.Sprintf("%dx%d", r.Rows, r.Cols)})
		}
		stats[i].cycles += float64(r.Cycles)
		stats[i].energy += r.EnergyPJ / 1e6
	}
	return slices.DeleteFunc(stats, func(s energyStat) bool { return failed[s.key] })
}

// energyPlot plots each point's energy against its cycles over the
// workload, the Pareto front of fast-and-frugal points marked.
func energyPlot(stats []energyStat) (*plot.Plot, error) {
	pts := make([]plotPoint, len(stats))
	for i, s := range stats {
		pts[i] = plotPoint{dataflow: s.dataflow, shape: s.shape, x: s.cycles, y: s.energy}
	}
	return scatterPlot(plotTitles[2], "simulated cycles", "energy (µJ, docs/sweep.md's model)", pts, false)
}

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
