package importer

import (
	"net/url"
	"strings"
)

// tree resolves CSAF product ids to readable names through the product
// tree: branches (vendor → product name → version), full product names,
// relationships and product groups.
type tree struct {
	info    map[string]prodInfo
	groupsM map[string][]string
	order   []string // product ids in tree order
	unknown []string
}

type prodInfo struct {
	vendor, product string // names for the record's vendor and product
	group           string // the product line shown in the scope
	item            string // version or component; "" for the whole product
	short           string // the item's package name, when it is a package
}

func newTree(t *csafTree) *tree {
	tr := &tree{info: map[string]prodInfo{}, groupsM: map[string][]string{}}
	if t == nil {
		return tr
	}
	for _, b := range t.Branches {
		tr.walk(b, branchCtx{}, 0)
	}
	for _, p := range t.FullProductNames {
		tr.add(p.ProductID, prodInfo{product: p.Name, group: oneLine(p.Name)})
	}
	type rel struct {
		id, comp, plat, name string
	}
	var rels []rel
	for _, r := range t.Relationships {
		rels = append(rels, rel{r.FullProductName.ProductID, r.ProductReference, r.RelatesToProductReference, r.FullProductName.Name})
	}
	for _, p := range t.ProductPaths {
		if len(p.Subpaths) > 0 {
			rels = append(rels, rel{p.FullProductName.ProductID, p.Beginning, p.Subpaths[len(p.Subpaths)-1].Next, p.FullProductName.Name})
		}
	}
	for _, r := range rels {
		comp, plat := tr.info[r.comp], tr.info[r.plat]
		item := comp.item
		if item == "" {
			item = comp.group
		}
		platName := plat.group
		if plat.item != "" {
			platName += " " + plat.item
		}
		if platName == "" {
			platName = oneLine(r.name)
			item = ""
		}
		product := comp.short
		if product == "" {
			product = plat.product
		}
		if product == "" {
			product = platName
		}
		tr.add(r.id, prodInfo{vendor: plat.vendor, product: product, group: platName, item: item, short: comp.short})
	}
	for _, g := range t.ProductGroups {
		tr.groupsM[g.GroupID] = g.ProductIDs
	}
	return tr
}

func (tr *tree) add(id string, p prodInfo) {
	if id == "" {
		return
	}
	if _, ok := tr.info[id]; !ok {
		tr.order = append(tr.order, id)
	}
	tr.info[id] = p
}

type branchCtx struct {
	vendor, product, family, version string
}

func (tr *tree) walk(b csafBranch, ctx branchCtx, depth int) {
	if depth > 64 {
		return
	}
	name := oneLine(b.Name)
	switch b.Category {
	case "vendor":
		ctx.vendor = name
	case "product_name":
		ctx.product = name
	case "product_family":
		if ctx.product == "" {
			ctx.family = name
		}
	case "architecture", "language", "legacy", "specification", "host_name":
	default: // product_version, product_version_range, service_pack, patch_level
		ctx.version = name
	}
	if p := b.Product; p != nil {
		line := ctx.product
		if line == "" {
			line = ctx.family
		}
		group := line
		switch {
		case group == "":
			group = ctx.vendor
		case ctx.vendor != "" && !strings.Contains(group, ctx.vendor) && !(hasJapanese(ctx.vendor) && !hasJapanese(group)):
			group = ctx.vendor + " " + group
		}
		item := ctx.version
		product, short := line, ""
		if p.Helper != nil && strings.HasPrefix(p.Helper.PURL, "pkg:") {
			if n, v := purlNameVersion(p.Helper.PURL); n != "" && (line == "" || item != "") {
				product, short = n, n
				item = strings.TrimSpace(n + " " + v)
			}
		}
		if group == "" {
			group = oneLine(p.Name)
			item = ""
		}
		if product == "" {
			product = oneLine(p.Name)
		}
		tr.add(p.ProductID, prodInfo{vendor: ctx.vendor, product: product, group: group, item: item, short: short})
	}
	for _, c := range b.Branches {
		tr.walk(c, ctx, depth+1)
	}
}

// purlNameVersion reads the name and version of a package URL.
func purlNameVersion(p string) (string, string) {
	s := strings.TrimPrefix(p, "pkg:")
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	s, ver, _ := strings.Cut(s, "@")
	name := s[strings.LastIndexByte(s, '/')+1:]
	if u, err := url.PathUnescape(name); err == nil {
		name = u
	}
	if u, err := url.PathUnescape(ver); err == nil {
		ver = u
	}
	return oneLine(name), oneLine(ver)
}

// expand turns product and group ids into product ids.
func (tr *tree) expand(ids, groupIDs []string) []string {
	out := append([]string(nil), ids...)
	for _, g := range groupIDs {
		out = append(out, tr.groupsM[g]...)
	}
	return out
}

// groups arranges product ids as product lines with their versions, in
// the order first seen, and lists the vendor and product names.
func (tr *tree) groups(ids []string) (gs []group, vendors, products []string) {
	index := map[string]int{}
	seenItem := map[string]bool{}
	for _, id := range ids {
		if strings.TrimSpace(id) == "" {
			continue
		}
		p, ok := tr.info[id]
		if !ok {
			tr.unknown = uniq(tr.unknown, oneLine(id))
			p = prodInfo{group: oneLine(id)}
		}
		vendors = uniq(vendors, p.vendor)
		products = uniq(products, oneLine(p.product))
		i, ok := index[p.group]
		if !ok {
			i = len(gs)
			index[p.group] = i
			gs = append(gs, group{name: p.group})
		}
		if p.item != "" && !seenItem[p.group+"\x00"+p.item] {
			seenItem[p.group+"\x00"+p.item] = true
			gs[i].items = append(gs[i].items, p.item)
		}
		if p.short != "" {
			gs[i].short = uniq(gs[i].short, p.short)
		}
	}
	return gs, vendors, products
}
