/**
 * The Architecture Decision Record as a small document tree in the MADR layout. Both the
 * Markdown and the HTML renderer walk this one tree, so the two formats always say the same
 * thing; each renderer does its own escaping of the plain strings in it.
 */
import type { AnswerField, Answers, Architecture, Decision, Outcome, Reason } from '../../core/types.js';
import { OUTCOMES } from '../../core/types.js';
import { operationsFor } from './operations.js';
import { pathFromCwd, sourceNames } from '../source-paths.js';
import { plural } from '../../core/plural.js';

/** Inline content: plain text, or text that is bold, code, or a link. */
export type Inline = string | { strong: string } | { code: string } | { link: string; text: string };

export type Block =
  | { type: 'paragraph'; content: Inline[] }
  | { type: 'list'; items: Inline[][] }
  | { type: 'table'; head: string[]; rows: Inline[][][]; align?: ('left' | 'right')[] }
  | { type: 'heading'; text: string }
  | { type: 'diagram' };

export interface RecordSection {
  title: string;
  blocks: Block[];
}

export interface DecisionRecord {
  title: string;
  status: string;
  date: string;
  sections: RecordSection[];
  /** One line saying what produced the record and from what. */
  generatedBy: string;
}

/** What the record needs to know about the input, beyond the decision. */
export interface RecordInput {
  kind: 'answers' | 'architecture';
  /** Human name of the input, e.g. "answers.yaml" or "compose.yaml + override.yaml". */
  source: string;
  architecture?: { architecture: Architecture; files: string[]; format: string };
  inferred: { field: AnswerField; value: unknown; because: string }[];
  defaulted: AnswerField[];
}

export interface RecordContext {
  /** YYYY-MM-DD. */
  date: string;
  version: string;
  /** Where paths are named from (the working directory); absent: as they are. */
  cwd?: string;
}

/** Display names of the four options. */
export const OPTION_NAMES: Record<Outcome, string> = {
  gateway: 'API gateway',
  mesh: 'Service mesh',
  both: 'API gateway and service mesh',
  neither: 'Neither',
};

const OPTION_DESCRIPTIONS: Record<Outcome, string> = {
  gateway: 'one managed entry point for outside callers (routing, authentication, rate limits, API keys); service-to-service calls stay as they are.',
  mesh: 'a proxy layer under every service for service-to-service traffic (mTLS, retries, timeouts, traffic shifting, golden metrics); outside traffic enters through a plain ingress.',
  both: 'a gateway at the edge for outside callers and a mesh inside for service-to-service traffic.',
  neither: 'a plain load balancer, ingress or reverse proxy, with cross-cutting concerns kept in the services or libraries.',
};

const TITLE_VERBS: Record<Outcome, string> = {
  gateway: 'Put an API gateway in front of',
  mesh: 'Run a service mesh inside',
  both: 'Use an API gateway at the edge and a service mesh inside',
  neither: 'Use neither an API gateway nor a service mesh for',
};

const FIELD_QUESTIONS: Record<AnswerField, string> = {
  traffic: 'Traffic that matters',
  services: 'Number of services',
  consumers: 'Outside consumers',
  edgeNeeds: 'Needs at the edge',
  serviceSecurity: 'Service-to-service security',
  compliance: 'Compliance mandate',
  observability: 'Observability wanted',
  trafficControl: 'Traffic control wanted',
  platform: 'Platform',
  clusters: 'Clusters',
  languages: 'Languages',
  protocols: 'Protocols',
  team: 'Team',
  latency: 'Latency budget',
  cloud: 'Cloud',
  budget: 'Resource budget',
  existing: 'Already running',
  communication: 'How services talk',
  edgeProtocols: 'What outside callers speak',
  authorization: 'Authorization between services',
  egressControl: 'Egress control',
  licensing: 'Licences and support',
};

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

function formatPoints(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0';
}

function scoreLine(scores: Record<Outcome, number>): string {
  return OUTCOMES.map((o) => `${o} ${scores[o]}`).join(', ');
}

function architectureContext(input: RecordInput, answers: Answers, cwd: string | undefined): Block[] {
  const a = input.architecture!;
  const arch = a.architecture;
  const count = (pred: (s: Architecture['services'][number]) => boolean) => arch.services.filter(pred).length;
  const services = count((s) => s.kind === 'service');
  const calls = arch.services.reduce((n, s) => n + s.calls.length, 0);
  // The files once, relative to the working directory, their shared directory first: the evidence
  // below names them without it.
  const files = a.files.map((f) => (cwd ? pathFromCwd(f, cwd) : f));
  const sources = sourceNames(files);
  const paragraph: Inline[] = [
    'The architecture ',
    { strong: arch.metadata.name },
    ` (${a.format}, read from `,
    ...(sources.dir && files.length > 1 ? [`${plural(files.length, 'file')} in `, { code: sources.dir } as Inline, ': '] : []),
    ...(files.length > 1 ? sources.names : files).flatMap((f, i) => [...(i > 0 ? [', '] : []), { code: f } as Inline]),
    `) runs on ${arch.platform} and has ${plural(services, 'service')}: ` +
      `${count((s) => s.kind === 'service' && s.exposure === 'public')} public, ` +
      `${count((s) => s.kind === 'service' && s.exposure === 'partner')} for partners, ` +
      `${count((s) => s.kind === 'service' && s.exposure === 'internal')} internal; ` +
      `${plural(count((s) => s.kind === 'datastore'), 'datastore')}, ${plural(count((s) => s.kind === 'queue'), 'queue')} ` +
      `and ${plural(count((s) => s.kind === 'external'), 'external system')}, with ${plural(calls, 'declared call')} between them.`,
  ];
  const today: Inline[] = ['Today: '];
  if (arch.gateway) {
    today.push('a gateway (', { strong: arch.gateway.product }, arch.gateway.service ? ', run as ' : '', ...(arch.gateway.service ? [{ code: arch.gateway.service } as Inline] : []), ')');
  } else today.push('no gateway');
  today.push('; ');
  if (arch.mesh) today.push('a mesh (', { strong: arch.mesh.product }, `, mTLS ${arch.mesh.mtls}, ${plural(arch.mesh.members.length, 'member')})`);
  else today.push('no mesh');
  today.push('.');
  return [
    { type: 'paragraph', content: paragraph },
    { type: 'paragraph', content: today },
    ...answersContext(input, answers, cwd),
  ];
}

function answersContext(input: RecordInput, answers: Answers, cwd: string | undefined): Block[] {
  const inferred = new Map(input.inferred.map((i) => [i.field, i] as const));
  const { shorten } = sourceNames((input.architecture?.files ?? []).map((f) => (cwd ? pathFromCwd(f, cwd) : f)));
  const defaulted = new Set(input.defaulted);
  const rows: Inline[][][] = (Object.keys(FIELD_QUESTIONS) as AnswerField[]).map((field) => {
    const origin = inferred.get(field);
    const from: Inline[] = origin
      ? [`inferred: ${shorten(origin.because)}`]
      : defaulted.has(field)
        ? [{ strong: 'default' }, ', worth confirming']
        : [input.kind === 'answers' ? 'stated' : 'stated in the answers'];
    return [[FIELD_QUESTIONS[field]], [{ code: formatValue(answers[field]) }], from];
  });
  const intro: Inline[] = input.kind === 'answers'
    ? ['The answers in ', { code: input.source }, ' describe the system; the scores below come from these values:']
    : ['What the architecture shows, together with the answers it cannot show, gives these values for scoring:'];
  return [
    { type: 'paragraph', content: intro },
    { type: 'table', head: ['Question', 'Answer', 'From'], rows },
  ];
}

/** The rules that moved one option, split into those for it and those against it. */
function prosAndCons(reasons: Reason[], option: Outcome): { pros: Reason[]; cons: Reason[] } {
  const points = (r: Reason) => r.effect[option] ?? 0;
  const byWeight = (x: Reason, y: Reason) => Math.abs(points(y)) - Math.abs(points(x)) || x.rule.localeCompare(y.rule);
  return {
    pros: reasons.filter((r) => points(r) > 0).sort(byWeight),
    cons: reasons.filter((r) => points(r) < 0).sort(byWeight),
  };
}

function reasonItem(prefix: string, r: Reason, option: Outcome): Inline[] {
  return [`${prefix}, because ${lowerFirst(r.title)} (${formatPoints(r.effect[option] ?? 0)}, `, { code: r.rule }, ')'];
}

function lowerFirst(text: string): string {
  // Keep acronyms and product names ("API", "mTLS", "gRPC") as they are.
  return /^[A-Z](?![A-Z])/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** Every URL cited by the fired rules and the picked products, first citation first. */
export function citedSources(decision: Decision): { url: string; citedBy: string[] }[] {
  const byUrl = new Map<string, string[]>();
  const cite = (url: string, by: string) => {
    const list = byUrl.get(url) ?? [];
    if (!list.includes(by)) list.push(by);
    byUrl.set(url, list);
  };
  for (const r of decision.reasons) for (const url of r.sources) cite(url, r.rule);
  for (const p of decision.products) for (const url of p.sources) cite(url, p.id);
  return [...byUrl].map(([url, citedBy]) => ({ url, citedBy }));
}

/** Builds the decision record for a decision and the input it was made from. */
export function buildDecisionRecord(given: RecordInput, decision: Decision, ctx: RecordContext): DecisionRecord {
  // The input named as from the working directory, like every path in the record.
  const input = ctx.cwd ? { ...given, source: given.source.split(' + ').map((p) => pathFromCwd(p, ctx.cwd!)).join(' + ') } : given;
  const subject = input.architecture?.architecture.metadata.name ?? `the system described in ${input.source}`;
  const chosen = decision.recommendation;
  const sections: RecordSection[] = [];

  sections.push({
    title: 'Context and Problem Statement',
    blocks: [
      {
        type: 'paragraph',
        content: [
          'Should ', { strong: subject }, ' put an API gateway at its edge, run a service mesh between its services, do both, or neither? ' +
            'Each adds components to run and operate, so the choice should follow from what the system needs.',
        ],
      },
      ...(input.architecture ? architectureContext(input, decision.answers, ctx.cwd) : answersContext(input, decision.answers, ctx.cwd)),
      { type: 'heading', text: 'Topology' },
      {
        type: 'paragraph',
        content: [
          'Thick arrows are north-south traffic (from outside), thin arrows east-west calls between services, dotted arrows calls into datastores, queues and external systems. Dashed shapes are what the decision adds.',
        ],
      },
      { type: 'diagram' },
    ],
  });

  const drivers = [...decision.reasons].sort((x, y) => y.weight - x.weight || x.rule.localeCompare(y.rule));
  sections.push({
    title: 'Decision Drivers',
    blocks: drivers.length > 0
      ? [{ type: 'list', items: drivers.map((r) => [{ strong: r.title }, ' (', { code: r.rule }, `): ${r.rationale}`]) }]
      : [{ type: 'paragraph', content: ['No scoring rule fired for these answers; the verdict falls back to the simplest option.'] }],
  });

  sections.push({
    title: 'Considered Options',
    blocks: [{ type: 'list', items: OUTCOMES.map((o) => [{ strong: OPTION_NAMES[o] }, `: ${OPTION_DESCRIPTIONS[o]}`]) }],
  });

  const { pros: chosenPros } = prosAndCons(decision.reasons, chosen);
  const because = chosenPros.slice(0, 3).map((r) => lowerFirst(r.title));
  const outcome: Block[] = [
    {
      type: 'paragraph',
      content: [
        'Chosen option: ', { strong: `"${OPTION_NAMES[chosen]}"` },
        because.length > 0 ? `, because ${because.join('; ')}.` : ', because no rule spoke for anything heavier.',
      ],
    },
    {
      type: 'table',
      head: ['Option', 'Score', 'Verdict'],
      align: ['left', 'right', 'left'],
      rows: OUTCOMES.map((o) => [
        [o === chosen ? { strong: OPTION_NAMES[o] } : OPTION_NAMES[o]],
        [String(decision.scores[o])],
        [o === chosen ? 'chosen' : o === decision.runnerUp ? 'runner-up' : (decision.vetoed ?? []).some((v) => v.outcome === o) ? 'ruled out' : ''],
      ]),
    },
    {
      type: 'paragraph',
      content: [
        `Margin over the runner-up (${OPTION_NAMES[decision.runnerUp]}): ${decision.margin} point${decision.margin === 1 ? '' : 's'}.` +
          (decision.close ? ' This is a close call: the runner-up is a reasonable choice too.' : ''),
      ],
    },
    ...(decision.vetoed ?? []).map((v) => ({
      type: 'paragraph' as const,
      content: [`Ruled out before scoring: ${OPTION_NAMES[v.outcome]}, ${v.reason.charAt(0).toLowerCase()}${v.reason.slice(1)} (${v.constraint})`],
    })),
  ];
  if (decision.products.length > 0) {
    outcome.push({
      type: 'table',
      head: ['Role', 'Product', 'Why'],
      rows: decision.products.map((p) => [[p.role], [{ strong: p.name }], [p.reason]]),
    });
  }
  sections.push({ title: 'Decision Outcome', blocks: outcome });

  const consequences: Block[] = [];
  if (decision.products.length > 0) {
    consequences.push({ type: 'paragraph', content: ['What must be run and operated:'] });
    consequences.push({
      type: 'list',
      items: decision.products.map((p) => {
        const ops = operationsFor(p);
        return [{ strong: p.name }, ` (${p.role}). Run ${ops.run} Operate ${ops.operate}`];
      }),
    });
  } else {
    consequences.push({ type: 'paragraph', content: ['Nothing new to run: keep the existing load balancer or ingress, and keep cross-cutting concerns in the services.'] });
  }
  const { cons: chosenCons } = prosAndCons(decision.reasons, chosen);
  if (chosenCons.length > 0) {
    consequences.push({ type: 'paragraph', content: ['Accepted drawbacks:'] });
    consequences.push({ type: 'list', items: chosenCons.map((r) => reasonItem('Bad', r, chosen)) });
  }
  if (decision.notes.length > 0) {
    consequences.push({ type: 'paragraph', content: ['Caveats:'] });
    consequences.push({ type: 'list', items: decision.notes.map((n) => [n]) });
  }
  sections.push({ title: 'Consequences', blocks: consequences });

  const options: Block[] = [];
  for (const o of OUTCOMES) {
    const { pros, cons } = prosAndCons(decision.reasons, o);
    options.push({ type: 'heading', text: `${OPTION_NAMES[o]} (score ${decision.scores[o]})` });
    const items = [...pros.map((r) => reasonItem('Good', r, o)), ...cons.map((r) => reasonItem('Bad', r, o))];
    options.push({ type: 'list', items: items.length > 0 ? items : [['Neutral, because no rule that fired spoke for or against it.']] });
  }
  sections.push({ title: 'Pros and Cons of the Options', blocks: options });

  const whatIf: Block[] = decision.whatIf.length > 0
    ? [{
        type: 'list',
        items: decision.whatIf.map((w) => [
          'If ', { strong: FIELD_QUESTIONS[w.field] }, ' (', { code: w.field }, ') were ', { code: formatValue(w.value) },
          ', the verdict would be ', { strong: OPTION_NAMES[w.recommendation] }, ` (${scoreLine(w.scores)}).`,
        ]),
      }]
    : [{ type: 'paragraph', content: ['No single change to one answer flips the verdict.'] }];
  const sources = citedSources(decision);
  sections.push({
    title: 'More Information',
    blocks: [
      { type: 'heading', text: 'What would change the decision' },
      ...whatIf,
      { type: 'heading', text: 'Sources' },
      sources.length > 0
        ? { type: 'list', items: sources.map((s) => [{ link: s.url, text: s.url }, ' (cited by ', ...s.citedBy.flatMap((id, i) => [...(i > 0 ? [', '] : []), { code: id } as Inline]), ')']) }
        : { type: 'paragraph', content: ['No sources: no rule fired and no product was picked.'] },
    ],
  });

  return {
    title: `${TITLE_VERBS[chosen]} ${subject}`,
    status: 'proposed',
    date: ctx.date,
    sections,
    generatedBy: `Generated by meshgate ${ctx.version} from ${input.source}.`,
  };
}
