import { describe, expect, it } from 'vitest';
import { parseResize, pickProtocol, streamFlags } from './channels.js';
import { exitStatus, startFailureStatus } from './exit-status.js';

describe('channel protocol details', () => {
  it('prefers v5, accepts v4, and refuses the older and base64 protocols', () => {
    expect(pickProtocol(['v4.channel.k8s.io', 'v5.channel.k8s.io'])).toBe('v5.channel.k8s.io');
    expect(pickProtocol(['v4.channel.k8s.io', 'channel.k8s.io'])).toBe('v4.channel.k8s.io');
    expect(pickProtocol(['channel.k8s.io', 'v4.base64.channel.k8s.io'])).toBeUndefined();
  });

  it('reads stream flags as kubectl (omitted = false) and client-node (true/false) send them', () => {
    expect(streamFlags(new URLSearchParams('stdin=true&stdout=true&stderr=false&tty=false'))).toEqual({
      stdin: true,
      stdout: true,
      stderr: false,
      tty: false,
    });
    // A terminal has no separate stderr.
    expect(streamFlags(new URLSearchParams('stdout=1&stderr=1&tty=1'))).toMatchObject({
      stderr: false,
      tty: true,
    });
  });

  it('reads resize messages of Go (Width/Height) and client-node (width/height)', () => {
    expect(parseResize(Buffer.from('{"Width":120,"Height":40}'))).toEqual({ cols: 120, rows: 40 });
    expect(parseResize(Buffer.from('{"width":80,"height":24}'))).toEqual({ cols: 80, rows: 24 });
    expect(parseResize(Buffer.from('not json'))).toBeUndefined();
    expect(parseResize(Buffer.from('{"width":"x"}'))).toBeUndefined();
  });
});

describe('final status of a session', () => {
  it('is a bare Success for exit 0 and NonZeroExitCode with the ExitCode cause otherwise', () => {
    expect(exitStatus(['true'], 0)).toEqual({ metadata: {}, status: 'Success' });
    expect(exitStatus(['sh', '-c', 'exit 3'], 3)).toEqual({
      metadata: {},
      status: 'Failure',
      message:
        'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  it('is an InternalError 500 when the command cannot start', () => {
    const s = startFailureStatus('exec: "x": executable file not found in $PATH');
    expect(s).toMatchObject({ status: 'Failure', reason: 'InternalError', code: 500 });
    expect(s.message).toMatch(
      /^Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "x": executable file not found in \$PATH: unknown$/,
    );
  });
});
