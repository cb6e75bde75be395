/** The code the lag sweep pauses a session with; created by migrations, not removable. */
export const LAGGED_PAUSE_CODE = 'LAGGED';

export interface PauseCode {
  code: string;
  name: string;
  billable: boolean;
  /** How long a pause with this code should last at most; null for no limit. */
  maxSeconds: number | null;
  active: boolean;
  /** System codes (LAGGED) are set by Callgate itself; agents cannot choose them. */
  system: boolean;
}
