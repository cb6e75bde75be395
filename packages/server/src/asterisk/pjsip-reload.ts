import type { AmiClient } from './ami-client.ts';

export interface PjsipReloadOptions {
  /**
   * `ModuleReload` (default) needs the AMI `system` write permission; `Command` (CLI
   * `module reload res_pjsip.so`) needs `command`, which also allows any CLI command, so prefer
   * the former.
   */
  via?: 'ModuleReload' | 'Command';
  timeoutMs?: number;
}

/**
 * Asks Asterisk to re-read its PJSIP configuration after a new render. Resolves with Asterisk's
 * message; rejects with E_AMI_DOWN / E_AMI_ACTION / E_AMI_TIMEOUT like any action.
 */
export async function reloadPjsip(client: AmiClient, options: PjsipReloadOptions = {}): Promise<string> {
  const response =
    options.via === 'Command'
      ? await client.action(
          { Action: 'Command', Command: 'module reload res_pjsip.so' },
          { timeoutMs: options.timeoutMs },
        )
      : await client.action(
          { Action: 'ModuleReload', Module: 'res_pjsip.so' },
          { timeoutMs: options.timeoutMs },
        );
  return response.get('Message') ?? '';
}
