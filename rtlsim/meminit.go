package rtlsim

// loadContents writes the memories' initial contents into mem, laid out
// as layout places them (memory by memory, ceil(width/64) words a word).
func (c *compiler) loadContents(mem []uint64) {
	base := 0
	for _, m := range c.mems {
		n := nwords(uint32(m.width))
		for a, v := range m.init {
			for k := range int(n) {
				mem[base+a*int(n)+k] = v.Word(k)
			}
		}
		base += m.depth * int(n)
	}
}
