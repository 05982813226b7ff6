/**
 * `privacy-bot explain "question"`: what the engine made of a question, for an admin looking at a
 * question that was not answered — the concepts with their weights and where each form came from, the
 * top hits with the parts of their scores and what matched where, and the decision with its reason.
 */
import type { Trace } from '../core/query/answer';
import { gateOf } from '../core/query/decide';
import { bestPerSection } from '../core/query/rank';
import type { Hit } from '../core/query/retrieve';

const f = (x: number) => x.toFixed(3);

/** What the language line adds when only part of the text weighs fully. */
const FOCUS_NOTE = {
  none: '',
  paste: ' · long paste: only its question sentences weigh fully',
  after: ' · the words after its question are context: they rank, they do not decide',
} as const;

function hitLines(h: Hit, rank: number): string[] {
  const p = h.parts;
  const out = [
    `  ${rank}. ${h.passage.id} (${h.passage.lang}) "${h.passage.heading}"`,
    `     score ${f(h.score)} = (coverage ${f(p.coverage)} + heading ${f(p.heading)} + lunr ${f(p.lunr)} + lead ${f(p.lead)} + product ${f(p.product)} + declared ${f(p.declared)}) × language ${p.language}`,
    `     question sentences covered ${f(h.focusCoverage)}, in heading ${f(h.focusHeading)}, concepts matched ${h.matched}`,
  ];
  const why = h.why.map((m) => `${m.concept}→${m.lang}:${m.form} (${m.via} ${m.strength.toFixed(2)}, ${m.field})`);
  out.push(`     matched: ${why.join('; ') || '(nothing)'}`);
  return out;
}

/** The explanation of one question, as lines of text. */
export function explainTrace(trace: Trace, top = 5): string {
  const { plan, decision } = trace;
  const lines = [
    `question: ${JSON.stringify(trace.question.length > 300 ? `…${trace.question.slice(-300)}` : trace.question)}`,
    `language: written in ${trace.textLang}, reply in ${trace.lang}${FOCUS_NOTE[plan.focused ?? 'none']}`,
    `products named: ${[...plan.namedDocs].join(', ') || '-'}${plan.foreignProducts.length ? ` · not covered: ${plan.foreignProducts.join(', ')}` : ''}`,
    'concepts (weight, then forms as lang:stem via strength):',
  ];
  for (const c of plan.concepts) {
    const tags = [c.cue ? 'implied by a question word' : '', c.context ? 'context of the paste' : '', c.product ? 'product name' : '', c.general ? 'chat word' : '', c.bulkOnly ? 'only bulk pages use it' : '', c.gate ? '' : 'not in the gate'].filter(Boolean).join(', ');
    lines.push(`  ${c.word}  weight ${f(c.weight)}${tags ? ` (${tags})` : ''}`);
    lines.push(`     ${c.alts.map((a) => `${a.lang}:${a.stem} ${a.via} ${a.weight.toFixed(2)}`).join(' · ')}`);
  }
  if (plan.concepts.length === 0) lines.push('  (none)');
  if (plan.corrections.length) lines.push(`typos: ${plan.corrections.map((c) => `${c.word}→${c.target} (${c.weight.toFixed(2)})`).join(', ')}`);
  lines.push(`language evidence: nl ${plan.language.nl} · en ${plan.language.en} (${plan.language.decidedBy})`);
  lines.push(`words no page uses (or only bulk pages): filler [${plan.filler.join(', ')}] · unknown [${plan.unknown.join(', ')}] · off-topic [${plan.offTopic.join(', ')}]`);
  const sections = bestPerSection(trace.hits);
  lines.push(`top hits (best per section, ${sections.length} sections of ${trace.hits.length} passages):`);
  sections.slice(0, top).forEach((h, i) => lines.push(...hitLines(h, i + 1)));
  if (sections.length === 0) lines.push('  (none)');
  const gate = decision.gate ?? (sections[0] ? gateOf(sections[0], plan, sections, trace.tuning) : undefined);
  if (gate) {
    lines.push(`gate: coverage ${f(gate.coverage)} · heading ${f(gate.heading)} · margin ${f(gate.margin)} · matched share ${f(gate.matchedShare)} → score ${f(gate.score)} (threshold ${f(gate.threshold)})`);
  }
  if (decision.kind === 'answer') {
    lines.push(`decision: answer with ${decision.lines.length} line(s): ${decision.lines.map((h) => h.passage.id).join(', ')}`);
    if (decision.seeAlso.length) lines.push(`  see also: ${decision.seeAlso.map((h) => h.passage.id).join(', ')}`);
  } else {
    lines.push(`decision: abstain — ${decision.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
