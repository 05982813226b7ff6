/**
 * "Do the pages answer this?" — decided apart from ranking, on signals whose scale does not change with
 * the size of the corpus: the share of the question's known concepts the best section covers, the
 * section heading's agreement with the question, the margin over the next page, and the fit with a named
 * product. Words no page uses do not weigh against a match (filler is ignored, an unclassified word
 * counts a little, an off-domain topic word stops one). Returns the lines to answer with and the
 * see-also sections, or the reason to abstain.
 */
import { tokenize } from '../analyzer';
import type { Lang, Passage } from '../types';
import type { QueryPlan } from './plan';
import { bestPerSection, marginOverNextPage } from './rank';
import type { Hit } from './retrieve';
import type { Tuning } from './tuning';

/** Why the engine did not answer. */
export type AbstainReason =
  /** Nothing was asked. */
  | 'empty'
  /** Too little was asked to pick a passage ("data?"). */
  | 'vague'
  /** No passage contains any of the question's concepts. */
  | 'no-match'
  /** The question names a product of these pages, but the best passage is another product's. */
  | 'other-product'
  /** The question is about a product no page covers (Teams, Sentinel, …). */
  | 'foreign-product'
  /** The best passage covers too little of the question. */
  | 'low-coverage'
  /** The question carries a topic no page speaks of. */
  | 'off-topic';

/** The gate's signals for the best section, and the score they make. */
export interface Gate {
  /** Share of the question sentences' known-concept weight the section covers, less for unclassified words. */
  coverage: number;
  /** Share of that weight found in the section heading. */
  heading: number;
  /** Lead over the best section of another page (0–1). */
  margin: number;
  /** Share of the question's concepts (by count) the section contains. */
  matchedShare: number;
  score: number;
  threshold: number;
}

/** What to do with a question. */
export type Decision =
  | { kind: 'answer'; lines: Hit[]; seeAlso: Hit[]; gate: Gate; sections: Hit[] }
  | { kind: 'abstain'; reason: AbstainReason; gate?: Gate; sections: Hit[] };

/** The gate's signals and score for one section. */
export function gateOf(hit: Hit, plan: QueryPlan, sections: Hit[], tuning: Tuning): Gate {
  const focusConcepts = plan.concepts.filter((c) => c.gate).length;
  // Words no page uses count as a share of one of the question's own concepts, whatever the corpus size.
  const unknown = tuning.unknownShare * plan.unknown.length + tuning.topicShare * plan.offTopicWeight;
  const coverage = focusConcepts ? hit.focusCoverage / (1 + unknown / focusConcepts) : 0;
  const margin = marginOverNextPage(sections[0] === hit ? sections : [hit, ...sections.filter((s) => s !== hit)]);
  const matchedShare = focusConcepts ? hit.matched / (focusConcepts + unknown) : 0;
  const score = tuning.gateCoverage * coverage + tuning.gateMatched * matchedShare + tuning.gateHeading * hit.focusHeading + tuning.gateMargin * margin * coverage;
  return { coverage, heading: hit.focusHeading, margin, matchedShare, score, threshold: tuning.gateThreshold };
}

/** True when a gate lets the section answer. */
function passes(gate: Gate): boolean {
  return gate.score >= gate.threshold;
}

/**
 * True when the passage names one of the foreign products the question names, in any of its language
 * versions: a translation may render the name differently ("Azure Government" → "Azure-overheid").
 */
function mentionsForeign(hit: Hit, plan: QueryPlan, versionsOf: (id: string) => Passage[]): boolean {
  const versions = versionsOf(hit.passage.id);
  return (versions.length > 0 ? versions : [hit.passage]).some((p) => {
    const text = ` ${tokenize(`${p.heading} ${p.text}`).join(' ')} `;
    return plan.products.some((m) => m.foreign && text.includes(` ${tokenize(m.name).join(' ')} `));
  });
}

/**
 * Decides from the ranked hits whether and how to answer, in reply language `lang`. `versionsOf` gives
 * every language version of a passage id (the index's `byId`); without it only the ranked version is read.
 */
export function decide(question: string, plan: QueryPlan, hits: Hit[], lang: Lang, tuning: Tuning, versionsOf: (id: string) => Passage[] = () => []): Decision {
  const sections = bestPerSection(hits);
  const abstain = (reason: AbstainReason, gate?: Gate): Decision => ({ kind: 'abstain', reason, gate, sections });
  if (question === '') return abstain('empty');
  // A product named by an alias the pages do not spell out ("mcas gegevenslocatie") has no concept of its
  // own to weigh; with a word that is not everywhere in the pages ("mcas data" stays vague) it is part of
  // what is asked, so it counts half the least specificity.
  const aliasOnly = plan.namedDocs.size > 0 && !plan.concepts.some((c) => c.product) && plan.concepts.some((c) => !c.context && !c.common);
  const specificity = (aliasOnly ? tuning.minSpecificity / 2 : 0) + plan.concepts.reduce((sum, c) => sum + (c.context ? 0 : c.weight), 0);
  // Words no page uses and nothing else: not vague, just not here.
  if (specificity < tuning.minSpecificity) return abstain(plan.unknown.length > 0 || plan.offTopic.length > 0 ? 'no-match' : 'vague');
  const top = sections[0];
  // Words of a topic no page speaks of that weigh at least as much as what is asked that the pages know
  // (each known concept counts one, as in the gate): at most half the question is in the pages. With
  // nothing known but a product's name ("how do I install its log collector on a Linux server"), the
  // name finds the page and nothing else of the question is there.
  const asked = plan.concepts.filter((c) => c.gate && !c.product).length;
  if (plan.offTopic.length > 0 && plan.offTopicWeight >= asked) return abstain('off-topic');
  // A product no page covers: out of scope, unless the best passage itself speaks of it (MCAS sends alerts to Sentinel).
  if (plan.foreignProducts.length > 0 && plan.namedDocs.size === 0 && !(top && mentionsForeign(top, plan, versionsOf))) return abstain('foreign-product');
  // A covered product and, in the question itself, one no page covers ("Which Linux distributions does
  // Defender for Endpoint support?"): out of scope, unless a page of the named product speaks of the other
  // (Cloud App Security sends alerts to Azure Sentinel). One said only in a statement before the question
  // sets the scene ("We scrubbed a former employee from Box. Will Cloud App Security …?").
  if (plan.askedForeign.length > 0 && plan.namedDocs.size > 0 && !sections.some((h) => plan.namedDocs.has(h.passage.docId) && mentionsForeign(h, plan, versionsOf))) return abstain('foreign-product');
  if (!top) return abstain('no-match');
  const gate = gateOf(top, plan, sections, tuning);
  // A question about a product the pages name is not answered from another page.
  if (plan.namedDocs.size > 0 && !plan.namedDocs.has(top.passage.docId)) return abstain('other-product', gate);
  // Off-topic words that weigh nothing (verbs) did not sink the gate, so they are not the reason an admin reads.
  if (!passes(gate)) return abstain(plan.offTopicWeight > 0 ? 'off-topic' : 'low-coverage', gate);

  // When the documentation answers about as well in the asker's language (a page translated from
  // another revision, whose anchors differ), that version comes first, provided it answers too.
  if (top.passage.lang !== lang) {
    const own = sections.findIndex((h) => h.passage.lang === lang && h.passage.docId === top.passage.docId &&
      h.score >= top.score * tuning.ownLanguageShare && passes(gateOf(h, plan, sections, tuning)));
    if (own > 0) sections.unshift(...sections.splice(own, 1));
  }
  const lines = chooseLines(sections, plan, tuning);
  const seeAlso: Hit[] = [];
  for (const h of sections) {
    if (lines.length + seeAlso.length >= Math.max(tuning.maxCitations, lines.length)) break;
    if (h.score < sections[0].score * tuning.seeAlsoShare) break;
    if (!lines.includes(h)) seeAlso.push(h);
  }
  return { kind: 'answer', lines, seeAlso, gate, sections };
}

/** Sections that answer: one, or the best of each product when several do about equally well. */
function chooseLines(sections: Hit[], plan: QueryPlan, tuning: Tuning): Hit[] {
  const top = sections[0];
  if (plan.namedDocs.size > 0) return [top];
  const perDoc: Hit[] = [top];
  for (const h of sections.slice(1)) {
    if (perDoc.length >= tuning.maxLines) break;
    if (h.score < top.score * tuning.multiShare || perDoc.some((p) => p.passage.docId === h.passage.docId)) continue;
    if (passes(gateOf(h, plan, sections, tuning))) perDoc.push(h);
  }
  return perDoc;
}
