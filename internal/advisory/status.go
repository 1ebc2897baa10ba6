package advisory

import (
	"fmt"
	"regexp"
	"strings"
)

// ProductStatus is what the source says about some products: affected,
// fixed, not affected or under investigation (the VEX statuses), for every
// vulnerability of the record or only for those listed in CVEs. Products
// that share a status and a version list are one entry.
type ProductStatus struct {
	Status        Status        `yaml:"status" req:"true" doc:"What the source says about the products: affected, fixed, not_affected or under_investigation."`
	Products      []string      `yaml:"products" req:"true" minItems:"1" item:"product" check:"name" doc:"Product (or product group) names, as the source names them; one line each."`
	Versions      []string      `yaml:"versions" check:"version" doc:"Versions concerned, if the source gives them: plain versions (4.2.1), vers: ranges (vers:generic/>=2.9|<=4.1) or * for all versions; drafts word ranges per locale."`
	CVEs          []string      `yaml:"cves" pattern:"cve" doc:"The vulnerabilities this status is about, when it differs per vulnerability; each must be in the record's cves. Left out: every vulnerability of the record."`
	FixedIn       []string      `yaml:"fixed_in" check:"version" doc:"For affected products: the versions that fix them, as the source gives them."`
	Justification Justification `yaml:"justification" doc:"For not_affected products: the source's VEX justification (component_not_present, vulnerable_code_not_present, vulnerable_code_not_in_execute_path, vulnerable_code_cannot_be_controlled_by_adversary, inline_mitigations_already_exist)."`
	Impact        Text          `yaml:"impact" doc:"For not_affected products: the source's impact statement, why they are not affected."`
}

// Status is a product status as the VEX profiles of CSAF and OpenVEX name
// them.
type Status string

// The statuses, in the order drafts list them: what is affected and what
// fixes it first, not affected last.
const (
	StatusAffected           Status = "affected"
	StatusFixed              Status = "fixed"
	StatusUnderInvestigation Status = "under_investigation"
	StatusNotAffected        Status = "not_affected"
)

// Statuses lists every status in the order drafts list them.
var Statuses = []Status{StatusAffected, StatusFixed, StatusUnderInvestigation, StatusNotAffected}

func (s *Status) parse(v string) error {
	for _, x := range Statuses {
		if string(x) == v {
			*s = x
			return nil
		}
	}
	return fmt.Errorf("unknown status %q: want one of %s", v, quoteList(Statuses))
}

func (Status) schema() map[string]any {
	return map[string]any{"type": "string", "enum": Statuses}
}

// Justification is a VEX justification for a not-affected status (the
// labels of CSAF flags).
type Justification string

// Justifications lists the VEX justifications.
var Justifications = []Justification{
	"component_not_present",
	"vulnerable_code_not_present",
	"vulnerable_code_not_in_execute_path",
	"vulnerable_code_cannot_be_controlled_by_adversary",
	"inline_mitigations_already_exist",
}

func (j *Justification) parse(v string) error {
	for _, x := range Justifications {
		if string(x) == v {
			*j = x
			return nil
		}
	}
	return fmt.Errorf("unknown justification %q: want one of %s", v, quoteList(Justifications))
}

func (Justification) schema() map[string]any {
	return map[string]any{"type": "string", "enum": Justifications}
}

// Constraint is one comparison of a version range: Op is one of
// "", "=", "!=", "<", "<=", ">", ">=" ("" and "=" mean exactly Version).
type Constraint struct {
	Op, Version string
}

// VersionRange is a version as records may write it: one version, a vers:
// range ("vers:generic/>=2.9|<=4.1") or all versions ("*", "vers:all/*",
// "All versions").
type VersionRange struct {
	All         bool
	Constraints []Constraint // in order; a single plain version is one "" constraint
}

var (
	versOpRE      = regexp.MustCompile(`^(>=|<=|!=|<|>|=)?\s*(\S.*)$`)
	allVersionsRE = regexp.MustCompile(`(?i)^\(?all versions\)?$`)
	// allBeforeRE reads the "All versions < V2.2" style of ICS advisories.
	allBeforeRE = regexp.MustCompile(`(?i)^all versions\s*(<=|<|>=|>)\s*(\S+)$`)
)

// ParseVersion reads a version as records write it. Only vers: ranges can
// be malformed; any other text is one version, kept as written.
func ParseVersion(s string) (VersionRange, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "*" || strings.EqualFold(s, "vers:all/*") || allVersionsRE.MatchString(s):
		return VersionRange{All: true}, nil
	case allBeforeRE.MatchString(s):
		m := allBeforeRE.FindStringSubmatch(s)
		return VersionRange{Constraints: []Constraint{{m[1], m[2]}}}, nil
	case !strings.HasPrefix(strings.ToLower(s), "vers:"):
		return VersionRange{Constraints: []Constraint{{"", s}}}, nil
	}
	scheme, cons, ok := strings.Cut(s[len("vers:"):], "/")
	if !ok || scheme == "" || !regexp.MustCompile(`^[a-z0-9.+-]+$`).MatchString(strings.ToLower(scheme)) {
		return VersionRange{}, fmt.Errorf("%q is not a vers: range: want vers:<scheme>/<constraints>, e.g. vers:generic/>=2.9|<=4.1", s)
	}
	if strings.TrimSpace(cons) == "*" {
		return VersionRange{All: true}, nil
	}
	var vr VersionRange
	for _, c := range strings.Split(cons, "|") {
		m := versOpRE.FindStringSubmatch(strings.TrimSpace(c))
		if m == nil || strings.ContainsAny(m[2], "<>=|*") {
			return VersionRange{}, fmt.Errorf("%q is not a vers: range: constraint %q is not an operator and a version", s, c)
		}
		vr.Constraints = append(vr.Constraints, Constraint{m[1], strings.TrimSpace(m[2])})
	}
	return vr, nil
}

// validateStatus checks what the field table cannot say about
// scope.status: fields that belong to one status only with that status,
// and CVEs that are the record's. (Products named, versions readable and
// statuses known are checked with the table and by the decoder.)
func validateStatus(r *Record, e *errs, ok func(string) bool, at func(string) Pos) {
	cves := map[string]bool{}
	for _, c := range r.CVEs {
		cves[c] = true
	}
	for i, st := range r.Scope.Status {
		base := fmt.Sprintf("scope.status[%d]", i)
		if !ok(base) {
			continue
		}
		for j, c := range st.CVEs {
			if p := fmt.Sprintf("%s.cves[%d]", base, j); ok(p) && !cves[c] {
				e.add(at(p), p, "%s is not in the record's cves: list it there too", c)
			}
		}
		if !ok(base + ".status") {
			continue
		}
		if p := base + ".fixed_in"; len(st.FixedIn) > 0 && st.Status != StatusAffected {
			e.add(at(p), p, "only affected products have fixed_in (this status is %s); list fixed versions as a status: fixed entry", st.Status)
		}
		if p := base + ".justification"; st.Justification != "" && st.Status != StatusNotAffected {
			e.add(at(p), p, "only not_affected products have a justification (this status is %s)", st.Status)
		}
		if p := base + ".impact"; st.Impact != nil && st.Status != StatusNotAffected {
			e.add(at(p), p, "only not_affected products have an impact statement (this status is %s)", st.Status)
		}
	}
}
