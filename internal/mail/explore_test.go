package mail

import (
	"fmt"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/width"
	"golang.org/x/text/unicode/norm"
)

func TestExplore(t *testing.T) {
	for _, s := range []string{"ｶﾞ", "ｱ", "①", "㈱", "髙", "﨑", "ⅰ", "Ⅰ", "＇", "＂", "￤", "≒", "∮", "∑", "∟", "⊿", "〜", "～", "−", "－", "—", "―", "‖", "∥", "¢", "￠", "£", "￡", "¬", "￢", "¥", "￥", "‾", "￣", "⚠", "丂", "〓", "ヴ", "ヷ", "ゔ", "№", "℡", "㍉", "\u00a0", "\\", "~"} {
		b, err := japanese.ISO2022JP.NewEncoder().String(s)
		e, err2 := japanese.EUCJP.NewEncoder().String(s)
		r, _ := encoding.ReplaceUnsupported(japanese.ISO2022JP.NewEncoder()).String(s)
		fmt.Printf("%s U+%04X iso=%q err=%v euc=% x err=%v repl=%q\n", s, []rune(s)[0], b, err, e, err2, r)
	}
	fmt.Printf("%q %q %q\n", width.Widen.String("ｶﾞｲﾄﾞﾞﾟ･ｰ"), norm.NFKC.String("ｶﾞｲﾄﾞﾜﾞﾞ"), norm.NFKC.String("①㈱㍉㎏№℡Ⅳ²"))
	// count assigned decode
	d := japanese.EUCJP.NewDecoder()
	n, bad := 0, 0
	for row := 1; row <= 94; row++ {
		for cell := 1; cell <= 94; cell++ {
			s, _ := d.String(string([]byte{byte(0xa0 + row), byte(0xa0 + cell)}))
			if s != "\ufffd" {
				n++
				if (row >= 9 && row <= 15) || row >= 85 {
					bad++
				}
			}
		}
	}
	fmt.Println("decodable cells", n, "outside rows 1-8,16-84:", bad)
}
