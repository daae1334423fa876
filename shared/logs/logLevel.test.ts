import { describe, expect, it } from 'vitest';
import { parseLogLevel, taskIdOfStream } from './logLevel';

describe('parseLogLevel', () => {
  it('reads JSON levels, whatever their case or the field they are in', () => {
    expect(parseLogLevel('{"level":"ERROR","message":"boom"}')).toBe('ERROR');
    expect(parseLogLevel('{"level":"warn","msg":"slow"}')).toBe('WARN');
    expect(parseLogLevel('{"severity":"INFO"}')).toBe('INFO');
    expect(parseLogLevel('{"levelname":"CRITICAL"}')).toBe('ERROR');
    expect(parseLogLevel('{"level":50,"msg":"pino"}')).toBe('ERROR');
    expect(parseLogLevel('{"level":20}')).toBe('DEBUG');
  });

  it('reads logfmt level= and a level word near the start of a text line', () => {
    expect(parseLogLevel('time=2025-06-02T09:00:00Z level=WARN msg="slow query"')).toBe('WARN');
    expect(parseLogLevel('level=error msg=x')).toBe('ERROR');
    expect(parseLogLevel('2025-06-02 09:00:01,123 ERROR [analytics.worker] failed')).toBe('ERROR');
    expect(parseLogLevel('[DEBUG] cache miss')).toBe('DEBUG');
    expect(parseLogLevel('WARNING: disk almost full')).toBe('WARN');
  });

  it('does not take a level word from deep inside a message, nor from words that contain one', () => {
    expect(parseLogLevel('just text')).toBe('UNKNOWN');
    expect(parseLogLevel(`${'x'.repeat(100)} ERROR`)).toBe('UNKNOWN');
    expect(parseLogLevel('TERRORS of the deep')).toBe('UNKNOWN');
    expect(parseLogLevel('{"message":"no level"}')).toBe('UNKNOWN');
  });
});

describe('taskIdOfStream', () => {
  it('takes the task id from an awslogs stream name', () => {
    expect(taskIdOfStream('payment-service/payment-service/0123456789abcdef0123456789abcdef')).toBe(
      '0123456789abcdef0123456789abcdef',
    );
    expect(taskIdOfStream('some-other-stream')).toBeNull();
  });
});
