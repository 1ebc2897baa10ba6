package importer

import (
	"fmt"
	"net/url"
	"strings"
)

// osvFix collects what the ranges of one affected package say about fixes.
type osvFix struct {
	versions, commits, last []string
	pkgs                    []string
	affectedVersions        []string
	label                   string
}

func shortHash(s string) string {
	if len(s) == 40 && strings.Trim(s, "0123456789abcdef") == "" {
		return s[:12]
	}
	return s
}

// rangeWords words the events of one range, pair by pair, and collects
// its fixes.
func rangeWords(typ string, events []map[string]flexStr, f *osvFix) []lt {
	var out []lt
	var gitFixes []string
	intro := ""
	open := false
	for _, e := range events {
		switch {
		case e["introduced"] != "":
			if open {
				out = append(out, fromWords(typ, intro))
			}
			intro, open = string(e["introduced"]), true
		case e["fixed"] != "":
			fx := string(e["fixed"])
			if typ == "GIT" {
				f.commits = uniq(f.commits, shortHash(fx))
				gitFixes = uniq(gitFixes, shortHash(fx))
			} else {
				f.versions = uniq(f.versions, fx)
				if intro == "" || intro == "0" {
					out = append(out, words("before %s", "%s より前", fx))
				} else {
					out = append(out, words("%s to before %s", "%s 以上 %s 未満", intro, fx))
				}
			}
			open = false
		case e["last_affected"] != "":
			la := string(e["last_affected"])
			f.last = uniq(f.last, la)
			if intro == "" || intro == "0" {
				out = append(out, words("up to %s", "%s 以前", la))
			} else {
				out = append(out, words("%s to %s", "%s 以上 %s 以下", intro, la))
			}
			open = false
		case e["limit"] != "":
			open = false
		}
	}
	if open && len(gitFixes) == 0 {
		out = append(out, fromWords(typ, intro))
	}
	if len(gitFixes) > 0 {
		out = append(out, lt{
			"en": "revisions without fix commit " + strings.Join(gitFixes, " or "),
			"ja": "修正コミット " + strings.Join(gitFixes, "、") + " を含まないリビジョン",
		})
	}
	return out
}

func fromWords(typ, intro string) lt {
	if intro == "0" || intro == "" {
		return words("all versions (no fix listed)", "すべてのバージョン（修正版の記載なし）")
	}
	if typ == "GIT" {
		return words("revisions from commit %s on (no fix listed)", "コミット %s 以降のリビジョン（修正の記載なし）", shortHash(intro))
	}
	return words("%s and later (no fix listed)", "%s 以降（修正版の記載なし）", intro)
}

// words says what to do about one set of packages sharing the same fixes.
func (f *osvFix) words(malicious bool) lt {
	pkgEN, pkgJA := listWords("en", f.pkgs, 5), listWords("ja", f.pkgs, 5)
	switch {
	case malicious:
		vers := listWords("en", f.affectedVersions, 5)
		versJA := listWords("ja", f.affectedVersions, 5)
		if vers == "" {
			vers, versJA = "any version", "全バージョン"
		}
		return lt{
			"en": fmt.Sprintf("Remove %s (%s) from every system where it was installed, and treat those systems as compromised: rotate the credentials and secrets they held.", pkgEN, vers),
			"ja": fmt.Sprintf("%s（%s）をインストールしたすべてのシステムから削除し、侵害されたものとして扱ってください（保持していた認証情報やシークレットを変更してください）。", pkgJA, versJA),
		}
	case len(f.versions) == 1:
		return words("Upgrade %s to %s or later.", "%s を %s 以降に更新してください。", pkgEN, f.versions[0])
	case len(f.versions) > 1:
		return lt{
			"en": fmt.Sprintf("Upgrade %s to a fixed version: %s, or later in the same release line.", pkgEN, strings.Join(f.versions, ", ")),
			"ja": fmt.Sprintf("%s を修正版（%s、または同じ系列のそれ以降）に更新してください。", pkgJA, strings.Join(f.versions, "、")),
		}
	case len(f.commits) > 0:
		return lt{
			"en": fmt.Sprintf("Update %s to a revision that includes fix commit %s (the source gives no fixed release version).", pkgEN, listWords("en", f.commits, 3)),
			"ja": fmt.Sprintf("%s を修正コミット %s を含むリビジョンに更新してください（修正版のバージョン番号は示されていません）。", pkgJA, listWords("ja", f.commits, 3)),
		}
	case len(f.last) > 0:
		return words("Upgrade %s to a version later than %s.", "%s を %s より後のバージョンに更新してください。", pkgEN, strings.Join(f.last, ", "))
	}
	return words("No fixed version of %s is given: stop using the affected versions, or apply the mitigations in the references.",
		"%s の修正版は示されていません。影響を受けるバージョンの使用を中止するか、参考情報の緩和策を適用してください。", pkgEN)
}

// repoName is a repository's name ("graylog2-server"); repoOwner its
// owner ("graylog2").
func repoName(repo string) string {
	u, err := url.Parse(strings.TrimSuffix(repo, ".git"))
	if err != nil || u.Host == "" {
		return oneLine(repo)
	}
	return oneLine(u.Host + u.Path)
}

func repoOwner(repo string) string {
	u, err := url.Parse(repo)
	if err != nil || u.Host == "" {
		return ""
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) > 1 {
		return oneLine(parts[0])
	}
	return oneLine(u.Host)
}

var refTypes = map[string][2]string{
	"ADVISORY":   {"Advisory", "アドバイザリ"},
	"ARTICLE":    {"Article", "記事"},
	"DETECTION":  {"Detection", "検知方法"},
	"DISCUSSION": {"Discussion", "議論"},
	"REPORT":     {"Report", "報告"},
	"FIX":        {"Fix", "修正"},
	"INTRODUCED": {"Change that introduced the flaw", "脆弱性が混入した変更"},
	"PACKAGE":    {"Package", "パッケージ"},
	"EVIDENCE":   {"Evidence", "根拠"},
	"WEB":        {"Web page", "Web ページ"},
}

// refWords titles an OSV reference by its type and host.
func refWords(r osvRef) lt {
	w, ok := refTypes[r.Type]
	if !ok {
		w = refTypes["WEB"]
	}
	host := ""
	if u, err := url.Parse(r.URL); err == nil {
		host = u.Host
	}
	if host == "" {
		return lt{"en": w[0], "ja": w[1]}
	}
	return lt{"en": w[0] + " – " + oneLine(host), "ja": w[1] + " – " + oneLine(host)}
}
