//! The names a template's sections had in its earlier versions: a
//! collection spans template versions ("Introduction" became "Summary of
//! changes" in Swift Evolution's), so a doc written from an older version
//! uses the older name. Pure: the versions' texts come from the caller
//! (the repository layer reads them from git).

use designdoc_syntax::parse;

use crate::Schema;

impl Schema {
    /// Adds, as aliases, the headings of each earlier version of the
    /// template (`versions`, Markdown) that stood where a section of this
    /// version stands now: in a run of this version's sections that the
    /// old version lacks, between sections both have, an old version with
    /// as many headings of its own in the same place gave them their old
    /// names, in order. Returns how many aliases were added.
    pub fn add_former_names<'a>(&mut self, versions: impl IntoIterator<Item = &'a str>) -> usize {
        let mut added = 0;
        for old in versions {
            let doc = parse(old);
            let m = self.match_headings(&doc);
            let n = self.sections.len();
            let mut s = 0;
            while s < n {
                if m.sections[s].is_some() {
                    s += 1;
                    continue;
                }
                // The run of missing siblings starting at `s`.
                let parent = self.sections[s].parent;
                let level = self.sections[s].level;
                let run: Vec<usize> = (s..n)
                    .filter(|&t| self.sections[t].parent == parent)
                    .take_while(|&t| m.sections[t].is_none())
                    .collect();
                let last = *run.last().unwrap_or(&s);
                s = last + 1;
                // The old headings between the neighbours that both have.
                let prev = (0..run[0])
                    .rev()
                    .filter(|&t| self.sections[t].parent == parent)
                    .find_map(|t| m.sections[t]);
                let next = (last + 1..n)
                    .filter(|&t| self.sections[t].parent == parent)
                    .find_map(|t| m.sections[t]);
                let from = prev.map_or_else(|| m.title.map_or(0, |t| t + 1), |p| p + 1);
                let to = next.unwrap_or(doc.headings.len());
                if from > to {
                    continue;
                }
                let old: Vec<usize> = (from..to)
                    .filter(|&i| doc.headings[i].level == level && m.headings[i].is_none())
                    .collect();
                if old.len() != run.len() {
                    continue; // not one name per section: no guess
                }
                for (&sec, &i) in run.iter().zip(&old) {
                    let key = &m.keys[i];
                    if key.is_empty() || self.sections.iter().any(|o| o.key == *key) {
                        continue;
                    }
                    let aliases = &mut self.sections[sec].aliases;
                    if !aliases.contains(key) {
                        aliases.push(key.clone());
                        added += 1;
                    }
                }
            }
        }
        added
    }
}

#[cfg(test)]
mod tests {
    use crate::derive;

    #[test]
    fn earlier_names_become_aliases_in_their_place() {
        let now = "# T\n\n## Gist\n\nx\n\n## Motivation\n\nx\n\n## Wire format\n\nx\n\n## Storage layout\n\nx\n\n## Alternatives considered\n\nx\n";
        let v1 = "# T\n\n## Preamble\n\nx\n\n## Motivation\n\nx\n\n## Protocol\n\nx\n\n## Disk\n\nx\n\n## Alternatives considered\n\nx\n";
        // A version with another number of headings in a place says
        // nothing of that place.
        let v0 =
            "# T\n\n## Motivation\n\nx\n\n## Encoding\n\nx\n\n## Alternatives considered\n\nx\n";
        let mut s = derive("t", now);
        assert_eq!(s.add_former_names([v1, v0]), 3);
        let aliases = |t: &str| {
            s.sections
                .iter()
                .find(|x| x.title == t)
                .unwrap()
                .aliases
                .clone()
        };
        assert!(aliases("Gist").contains(&"preamble".to_string()));
        assert!(aliases("Wire format").contains(&"protocol".to_string()));
        assert!(aliases("Storage layout").contains(&"disk".to_string()));
        assert!(!aliases("Wire format").contains(&"encoding".to_string()));
        // A doc written from the old version matches the new one.
        let doc = designdoc_syntax::parse(v1);
        let m = s.match_headings(&doc);
        assert!(m.sections.iter().all(Option::is_some));
    }
}
