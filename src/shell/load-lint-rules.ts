// Placeholder until the lint issue lands: loads rules/lint/*.yaml (+ --rules DIRs).
export interface LintRuleSummary {
  id: string;
  severity: 'error' | 'warning' | 'info';
  title: string;
  rationale: string;
  remediation: string;
  sources: string[];
  check: { kind: string; params?: Record<string, unknown> };
}

export async function loadLintRules(_extraDirs: string[] = []): Promise<LintRuleSummary[]> {
  return [];
}
