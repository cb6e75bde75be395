/**
 * What a soak scenario is: a name to select it by, one line saying what it does, and a run that
 * attacks a real `callgate serve` at full size and reports what it measured. A scenario throws
 * when what it checks does not hold (the run then exits 1); its figures are printed either way.
 */
export interface SoakScenario {
  /** What `npm run soak -- <name>` selects it by: lower-case words joined by `-`. */
  readonly name: string;
  /** One line, shown by `npm run soak -- --list` and above the scenario's figures. */
  readonly description: string;
  run(out: SoakOutput): Promise<void>;
}

/** Where a scenario reports. */
export interface SoakOutput {
  /** One measured figure, printed as an aligned `label  value unit` line. */
  figure(label: string, value: number | string, unit?: string): void;
  /** A line of progress or explanation. */
  note(text: string): void;
}
