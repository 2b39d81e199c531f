/**
 * Telemetry the application already emits, read from its configuration: OpenTelemetry SDK
 * variables, Jaeger client variables, Spring Sleuth / Micrometer Zipkin settings. A need the
 * application already meets is recorded as observability present, not as a reason for a mesh.
 * Pure.
 */

export interface TracingSetting {
  product: 'otel' | 'jaeger' | 'zipkin';
  /** The variable or argument that shows it. */
  key: string;
  /** Set when the same configuration switches tracing off (`-Dspring.zipkin.enabled=false`). */
  disabledBy?: string;
}

const TRACING_KEYS: [RegExp, TracingSetting['product']][] = [
  [/^OTEL_EXPORTER_OTLP_(TRACES_)?ENDPOINT$|^OTEL_TRACES_EXPORTER$|^OTEL_EXPORTER_OTLP_(TRACES_)?PROTOCOL$/, 'otel'],
  [/^JAEGER_(AGENT_HOST|ENDPOINT|COLLECTOR_(HOST|URL|ENDPOINT)|SAMPLER_TYPE|SAMPLE_RATIO|SAMPLER_PARAM)$/, 'jaeger'],
  [/^(SPRING_ZIPKIN_BASE_?URL|SPRING_ZIPKIN_ENABLED|MANAGEMENT_ZIPKIN_TRACING_ENDPOINT|ZIPKIN(_(URL|ENDPOINT|HOST|BASE_?URL|SERVER))?)$/i, 'zipkin'],
];

const TRACING_PROPERTIES: [RegExp, TracingSetting['product']][] = [
  [/-D(spring\.zipkin\.base-?url|management\.zipkin\.tracing\.endpoint)=/i, 'zipkin'],
  [/-Dotel\.exporter\.otlp(\.traces)?\.endpoint=|-javaagent:\S*opentelemetry/i, 'otel'],
];

/** The tracing one container's variables and arguments configure, if any. */
export function tracingSetting(env: readonly { key: string; value?: string }[], args: readonly string[] = []): TracingSetting | undefined {
  const texts = [...env.map((e) => e.value ?? ''), ...args];
  const off = texts.join(' ').match(/-Dspring\.zipkin\.enabled=false|-Dmanagement\.tracing\.enabled=false/i)?.[0];
  const otelOff = env.find((e) => (e.key === 'OTEL_SDK_DISABLED' && e.value === 'true') || (e.key === 'OTEL_TRACES_EXPORTER' && e.value === 'none'));
  for (const [re, product] of TRACING_KEYS) {
    const hit = env.find((e) => re.test(e.key));
    if (!hit) continue;
    const disabledBy = product === 'otel' ? (otelOff ? `${otelOff.key}=${otelOff.value}` : undefined) : product === 'zipkin' ? off : undefined;
    return { product, key: hit.key, ...(disabledBy ? { disabledBy } : {}) };
  }
  for (const t of texts) {
    for (const [re, product] of TRACING_PROPERTIES) {
      const m = re.exec(t);
      if (m) return { product, key: m[0].replace(/=$/, ''), ...(product === 'zipkin' && off ? { disabledBy: off } : {}) };
    }
  }
  return undefined;
}
