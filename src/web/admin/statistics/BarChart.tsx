import { useId } from 'react';

export interface Bar {
  key: string;
  label: string;
  /** null: suppressed (fewer than the minimum of cases), drawn as no bar with its text. */
  value: number | null;
}

interface BarChartProps {
  title: string;
  /** One or two sentences saying what the chart shows; screen readers read it with the title. */
  summary: string;
  bars: Bar[];
  /** The text of a value at the end of its bar, e.g. "12 min". */
  valueText(value: number | null): string;
}

const ROW = 28;
const LABEL_WIDTH = 220;
const BAR_AREA = 420;
const VALUE_WIDTH = 80;
const WIDTH = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH;

/**
 * Horizontal bars as SVG, one per row, each with its label and value in text: nothing depends on
 * colour, long names fit, and the chart scales with the page. The figure's caption and a summary name
 * it for screen readers (role img); the rows themselves are in the data table beside it.
 */
export function BarChart({ title, summary, bars, valueText }: BarChartProps) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const height = Math.max(1, bars.length) * ROW;
  return (
    <figure className="bar-chart">
      <figcaption id={`${id}-title`} className="kern-label">
        {title}
      </figcaption>
      <p id={`${id}-summary`} className="kern-body bar-chart__summary">
        {summary}
      </p>
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-summary`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        className="bar-chart__svg"
        preserveAspectRatio="xMinYMin meet"
      >
        <title>{title}</title>
        {bars.map((bar, i) => {
          const y = i * ROW;
          const width =
            bar.value === null ? 0 : Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * BAR_AREA);
          return (
            <g key={bar.key}>
              <text
                x={LABEL_WIDTH - 8}
                y={y + ROW / 2}
                textAnchor="end"
                dominantBaseline="middle"
                className="bar-chart__label"
              >
                {bar.label.length > 30 ? `${bar.label.slice(0, 29)}…` : bar.label}
              </text>
              <rect x={LABEL_WIDTH} y={y + 5} width={width} height={ROW - 10} className="bar-chart__bar" />
              <text
                x={LABEL_WIDTH + width + 6}
                y={y + ROW / 2}
                dominantBaseline="middle"
                className="bar-chart__value"
              >
                {valueText(bar.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
