module github.com/systole-hdl/systole

go 1.26.8
