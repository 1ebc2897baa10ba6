// Package tmplfold folds calls of pure template functions with constant
// arguments into the parse trees of text/template and html/template
// templates, once, when they are parsed.
package tmplfold

import (
	"reflect"
	"strconv"
	"text/template/parse"
)

// A template calls the same functions with the same constant arguments
// for every record: {{t "heading.scope"}}, {{section "scope" (t
// "heading.scope")}}, {{step}}. Their results depend on nothing but the
// arguments and the locale's messages, which do not change once loaded,
// so Fold calls each such call once, when the template is parsed, and
// puts its result in the parse tree as a string constant: executing the
// template then prints the string instead of calling the function through
// reflection for every record. A call that fails is left as it is, so
// that executing it reports the error as it always did, located.
//
// In an html/template template the constant stays in its pipeline, so the
// escaper, which rewrites the tree when the template is first executed,
// escapes it for its context as it escaped the function's result: Fold
// must run before that first execution.

// Fold folds the calls of the functions named in pure (of funcs) with
// constant text arguments in the parse trees (each template's Tree, from
// Templates()).
func Fold(trees []*parse.Tree, funcs map[string]any, pure map[string]bool) {
	f := folder{funcs: funcs, pure: pure}
	for _, t := range trees {
		if t != nil && t.Root != nil {
			f.list(t.Root)
		}
	}
}

type folder struct {
	funcs map[string]any
	pure  map[string]bool
}

func (f folder) list(l *parse.ListNode) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		f.node(n)
	}
}

func (f folder) node(n parse.Node) {
	switch n := n.(type) {
	case *parse.ActionNode:
		f.pipe(n.Pipe)
	case *parse.IfNode:
		f.branch(&n.BranchNode)
	case *parse.RangeNode:
		f.branch(&n.BranchNode)
	case *parse.WithNode:
		f.branch(&n.BranchNode)
	case *parse.TemplateNode:
		f.pipe(n.Pipe)
	case *parse.ListNode:
		f.list(n)
	}
}

func (f folder) branch(b *parse.BranchNode) {
	f.pipe(b.Pipe)
	f.list(b.List)
	f.list(b.ElseList)
}

// pipe folds the pipeline's first command: a later one also receives the
// value of the one before it.
func (f folder) pipe(p *parse.PipeNode) {
	if p == nil {
		return
	}
	for i, c := range p.Cmds {
		for j, a := range c.Args {
			if sub, ok := a.(*parse.PipeNode); ok {
				f.pipe(sub)
				if s := constant(sub); s != nil {
					c.Args[j] = s // (t "heading.scope") as an argument
				}
			}
		}
		if i == 0 {
			f.command(c)
		}
	}
}

// constant returns the string a parenthesised pipeline always gives, if
// it is one folded command.
func constant(p *parse.PipeNode) *parse.StringNode {
	if len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return nil
	}
	s, _ := p.Cmds[0].Args[0].(*parse.StringNode)
	return s
}

// command replaces a call of a pure function whose arguments are all
// text constants by its result, if the call succeeds with a string.
func (f folder) command(c *parse.CommandNode) {
	if len(c.Args) == 0 {
		return
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	if !ok || !f.pure[id.Ident] {
		return
	}
	fn := reflect.ValueOf(f.funcs[id.Ident])
	if fn.Kind() != reflect.Func {
		return
	}
	ft := fn.Type()
	var args []reflect.Value
	for k, a := range c.Args[1:] {
		s, ok := a.(*parse.StringNode)
		if !ok {
			return
		}
		var pt reflect.Type
		switch {
		case ft.IsVariadic() && k >= ft.NumIn()-1:
			pt = ft.In(ft.NumIn() - 1).Elem()
		case k < ft.NumIn():
			pt = ft.In(k)
		default:
			return // too many arguments: left to report when executed
		}
		v := reflect.ValueOf(s.Text)
		if !v.Type().AssignableTo(pt) {
			return
		}
		args = append(args, v.Convert(pt))
	}
	if n := len(args); n < ft.NumIn()-1 || !ft.IsVariadic() && n != ft.NumIn() {
		return
	}
	out := fn.Call(args)
	if len(out) == 0 || out[0].Kind() != reflect.String {
		return
	}
	if len(out) == 2 && !out[1].IsNil() {
		return
	}
	text := out[0].String()
	c.Args = []parse.Node{&parse.StringNode{NodeType: parse.NodeString, Pos: id.Pos, Quoted: strconv.Quote(text), Text: text}}
}
