import { describe, expect, it } from 'vitest';
import { createOpenJ9Parser } from './openj9.js';
import type { GcEvent, GcLogParser } from './types.js';

// Lines from the IBM J9 R28 samples in shared/corpus/gclogs/gcviewer/ibm/ (file named in each test).
// Shapes the corpus lacks (balanced, a whole gencon concurrent cycle) use the log excerpts that
// annotate https://eclipse.dev/openj9/docs/vgclog_examples/.

function run(lines: readonly string[], parser: GcLogParser = createOpenJ9Parser()): GcEvent[] {
  const events = lines.flatMap((line) => parser.push(line));
  return [...events, ...parser.end()];
}

describe('createOpenJ9Parser', () => {
  it('reads version, policy, max heap and start time (SampleIBMJ9_R28_af_scavenge_full_header)', () => {
    const events = run([
      '<verbosegc xmlns="http://www.ibm.com/j9/verbosegc" version="R28_Java8_GA_20150116_2030_B231420_CMPRSS">',
      '',
      '<initialized id="1" timestamp="2015-12-31T15:22:43.002">',
      '  <attribute name="gcPolicy" value="-Xgcpolicy:gencon" />',
      '  <attribute name="maxHeapSize" value="0x20000000" />',
      '  <attribute name="initialHeapSize" value="0x20000000" />',
      '  <attribute name="compressedRefs" value="true" />',
      '  <attribute name="compressedRefsDisplacement" value="0x0" />',
      '</initialized>',
    ]);
    expect(events).toEqual([
      { kind: 'jvm_info', jvmVersion: 'R28_Java8_GA_20150116_2030_B231420_CMPRSS' },
      {
        kind: 'jvm_info',
        startEpochMs: Date.parse('2015-12-31T15:22:43.002Z'),
        collector: 'gencon',
        maxHeapBytes: 0x20000000,
      },
    ]);
  });

  it('reads a scavenge pause with heap and nursery figures (SampleIBMJ9_R28_af_scavenge_full_header)', () => {
    const parser = createOpenJ9Parser();
    parser.push('<initialized id="1" timestamp="2015-12-31T15:22:43.002">');
    const events = run(
      [
        '<exclusive-start id="2" timestamp="2015-12-31T15:22:46.957" intervalms="3955.367">',
        '  <response-info timems="0.030" idlems="0.030" threads="0" lastid="00000000303A2A00" lastname="Start Level Event Dispatcher" />',
        '</exclusive-start>',
        '<af-start id="3" totalBytesRequested="16392" timestamp="2015-12-31T15:22:46.957" intervalms="3955.490" />',
        '<cycle-start id="4" type="scavenge" contextid="0" timestamp="2015-12-31T15:22:46.957" intervalms="3955.562" />',
        '<gc-start id="5" type="scavenge" contextid="4" timestamp="2015-12-31T15:22:46.957">',
        '  <mem-info id="6" free="401882552" total="536870912" percent="74">',
        '    <mem type="nursery" free="0" total="134217728" percent="0">',
        '      <mem type="allocate" free="0" total="67108864" percent="0" />',
        '      <mem type="survivor" free="0" total="67108864" percent="0" />',
        '    </mem>',
        '    <mem type="tenure" free="401882552" total="402653184" percent="99">',
        '      <mem type="soa" free="381750712" total="382521344" percent="99" />',
        '      <mem type="loa" free="20131840" total="20131840" percent="100" />',
        '    </mem>',
        '    <remembered-set count="11317" />',
        '  </mem-info>',
        '</gc-start>',
        '<allocation-stats totalBytes="67266664" >',
        '  <allocated-bytes non-tlh="2423016" tlh="64843648" />',
        '  <largest-consumer threadName="Start Level Event Dispatcher" threadId="00000000303A2A00" bytes="32985584" />',
        '</allocation-stats>',
        '<gc-op id="7" type="scavenge" timems="24.782" contextid="4" timestamp="2015-12-31T15:22:46.982">',
        '  <scavenger-info tenureage="10" tenuremask="7c00" tiltratio="50" />',
        '  <memory-copied type="nursery" objects="182521" bytes="10683184" bytesdiscarded="683152" />',
        '  <finalization candidates="1718" enqueued="1577" />',
        '  <ownableSynchronizers candidates="30" cleared="0" />',
        '  <references type="soft" candidates="825" cleared="0" enqueued="0" dynamicThreshold="32" maxThreshold="32" />',
        '  <references type="weak" candidates="9944" cleared="1762" enqueued="1619" />',
        '  <references type="phantom" candidates="6" cleared="0" enqueued="0" />',
        '</gc-op>',
        '<gc-end id="8" type="scavenge" contextid="4" durationms="25.007" usertimems="28.731" systemtimems="0.155" timestamp="2015-12-31T15:22:46.982">',
        '  <mem-info id="9" free="457545744" total="536870912" percent="85">',
        '    <mem type="nursery" free="55663192" total="134217728" percent="41">',
        '      <mem type="allocate" free="55663192" total="67108864" percent="82" />',
        '      <mem type="survivor" free="0" total="67108864" percent="0" />',
        '    </mem>',
        '    <mem type="tenure" free="401882552" total="402653184" percent="99">',
        '      <mem type="soa" free="381750712" total="382521344" percent="99" />',
        '      <mem type="loa" free="20131840" total="20131840" percent="100" />',
        '    </mem>',
        '    <pending-finalizers system="1576" default="1" reference="1619" classloader="0" />',
        '    <remembered-set count="11317" />',
        '  </mem-info>',
        '</gc-end>',
        '<cycle-end id="10" type="scavenge" contextid="4" timestamp="2015-12-31T15:22:46.982" />',
        '<allocation-satisfied id="11" threadId="00000000303A2A00" bytesRequested="16392" />',
        '<af-end id="12" timestamp="2015-12-31T15:22:46.982" />',
        '<exclusive-end id="13" timestamp="2015-12-31T15:22:46.982" durationms="25.388" />',
      ],
      parser,
    );
    expect(events).toEqual([
      {
        kind: 'pause',
        type: 'young',
        cause: 'Allocation Failure',
        durationSeconds: 0.025388,
        epochMs: Date.parse('2015-12-31T15:22:46.957Z'),
        uptimeSeconds: 3.955,
        gcId: 4,
        heap: {
          beforeBytes: 536870912 - 401882552,
          afterBytes: 536870912 - 457545744,
          committedBytes: 536870912,
          youngBeforeBytes: 134217728 - 0,
          youngAfterBytes: 134217728 - 55663192,
        },
      },
    ]);
    expect(parser.stats).toEqual({ lines: 50, parseErrors: 0 });
  });

  it('reads an explicit global collection (SampleIBMJ9_R28_sys_global)', () => {
    const events = run([
      '<exclusive-start id="182" timestamp="2015-12-31T15:23:00.646" intervalms="431.954">',
      '<sys-start reason="explicit" id="183" timestamp="2015-12-31T15:23:00.646" intervalms="17644.592" />',
      '<cycle-start id="184" type="global" contextid="0" timestamp="2015-12-31T15:23:00.646" intervalms="17644.706" />',
      '<gc-start id="185" type="global" contextid="184" timestamp="2015-12-31T15:23:00.646">',
      '<gc-op id="187" type="mark" timems="58.569" contextid="184" timestamp="2015-12-31T15:23:00.740">',
      '<exclusive-end id="194" timestamp="2015-12-31T15:23:00.744" durationms="97.756" />',
    ]);
    expect(events).toEqual([
      expect.objectContaining({ type: 'full', cause: 'System.gc()', durationSeconds: 0.097756, gcId: 184 }),
    ]);
  });

  it('calls the start of a concurrent global cycle an initial mark (SampleIBMJ9_R28_concurrentMinimal)', () => {
    const events = run([
      '<concurrent-kickoff id="13398" timestamp="2016-08-09T15:35:46.017">',
      '  <kickoff reason="threshold reached" targetBytes="376080782" thresholdFreeBytes="50490372" />',
      '</concurrent-kickoff>',
      '<exclusive-start id="13399" timestamp="2016-08-09T15:35:46.051" intervalms="18313.494">',
      '  <response-info timems="1.561" idlems="1.298" threads="7" lastid="0000000034D10800" lastname="HTTP Handler 10.172.46.44" />',
      '</exclusive-start>',
      '<cycle-start id="13400" type="global" contextid="0" timestamp="2016-08-09T15:35:46.051" intervalms="18311.139" />',
      '<exclusive-end id="13401" timestamp="2016-08-09T15:35:46.052" durationms="0.809" />',
    ]);
    expect(events).toEqual([
      {
        kind: 'pause',
        type: 'initial_mark',
        cause: 'Concurrent Kickoff',
        durationSeconds: 0.000809,
        epochMs: Date.parse('2016-08-09T15:35:46.051Z'),
        gcId: 13400,
      },
    ]);
  });

  it('times the concurrent mark of a gencon global cycle (OpenJ9 docs example)', () => {
    const events = run([
      '<concurrent-kickoff id="12362" timestamp="2020-10-18T13:35:44.341">',
      '<exclusive-start id="12363" timestamp="2020-10-18T13:35:44.344" intervalms="342.152">',
      '<cycle-start id="12364" type="global" contextid="0" timestamp="2020-10-18T13:35:44.344" intervalms="516655.052" />',
      '<exclusive-end id="12365" timestamp="2020-10-18T13:35:44.344" durationms="0.048" />',
      '<exclusive-start id="12378" timestamp="2020-10-18T13:35:44.594" intervalms="12.075">',
      '<concurrent-global-final id="12379" timestamp="2020-10-18T13:35:44.594" intervalms="516905.029" >',
      '<gc-start id="12380" type="global" contextid="12364" timestamp="2020-10-18T13:35:44.594">',
      '<cycle-end id="12389" type="global" contextid="12364" timestamp="2020-10-18T13:35:44.619" />',
      '<exclusive-end id="12391" timestamp="2020-10-18T13:35:44.619" durationms="24.679" />',
    ]);
    expect(
      events.map((e) => (e.kind === 'pause' ? [e.type, e.cause, e.durationSeconds] : [e.kind, e])),
    ).toEqual([
      ['initial_mark', 'Concurrent Kickoff', 0.000048],
      [
        'concurrent',
        {
          kind: 'concurrent',
          phase: 'mark',
          durationSeconds: 0.25,
          epochMs: Date.parse('2020-10-18T13:35:44.344Z'),
          gcId: 12364,
        },
      ],
      ['full', 'Concurrent Final', 0.024679],
    ]);
  });

  it('reads a balanced partial collection and a concurrent increment (OpenJ9 docs example)', () => {
    const events = run([
      '<exclusive-start id="184" timestamp="2021-02-26T11:11:42.310" intervalms="3745.790">',
      '<allocation-taxation id="185" taxation-threshold="2147483648" timestamp="2021-02-26T11:11:42.311" intervalms="3745.785" />',
      '<cycle-start id="186" type="partial gc" contextid="0" timestamp="2021-02-26T11:11:42.311" intervalms="3745.805" />',
      '<gc-start id="187" type="partial gc" contextid="186" timestamp="2021-02-26T11:11:42.311">',
      '  <mem-info id="188" free="897581056" total="4294967296" percent="20">',
      '    <mem type="eden" free="0" total="2147483648" percent="0" />',
      '<gc-end id="191" type="partial gc" contextid="186" durationms="402.645" usertimems="3157.520" systemtimems="4.000" stalltimems="47.689" timestamp="2021-02-26T11:11:42.714" activeThreads="8">',
      '  <mem-info id="192" free="3003121664" total="4294967296" percent="69">',
      '    <mem type="eden" free="2147483648" total="2147483648" percent="100" />',
      '<exclusive-end id="194" timestamp="2021-02-26T11:11:42.714" durationms="404.145" />',
      '<concurrent-start id="1160" type="GMP work packet processing" contextid="1154" timestamp="2021-02-26T11:17:25.157">',
      '<concurrent-end id="1162" type="GMP work packet processing" contextid="1154" timestamp="2021-02-26T11:17:25.469" terminationReason="Work target met">',
    ]);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'mixed',
        cause: 'Allocation Taxation',
        durationSeconds: 0.404145,
        heap: {
          beforeBytes: 4294967296 - 897581056,
          afterBytes: 4294967296 - 3003121664,
          committedBytes: 4294967296,
          youngBeforeBytes: 2147483648,
          youngAfterBytes: 0,
        },
      }),
      expect.objectContaining({
        kind: 'concurrent',
        phase: 'gmp_work_packet_processing',
        durationSeconds: 0.312,
        gcId: 1154,
      }),
    ]);
  });

  it('applies the configured UTC offset to the zone-less timestamps', () => {
    const parser = createOpenJ9Parser({ utcOffsetMinutes: 120 });
    const events = run(
      [
        '<exclusive-start id="13399" timestamp="2016-08-09T15:35:46.051" intervalms="18313.494">',
        '<exclusive-end id="13401" timestamp="2016-08-09T15:35:46.052" durationms="0.809" />',
      ],
      parser,
    );
    expect(events).toEqual([
      expect.objectContaining({ epochMs: Date.parse('2016-08-09T15:35:46.051+02:00'), type: 'other' }),
    ]);
  });

  it('counts unmatched and truncated pauses as parse errors and never throws', () => {
    const parser = createOpenJ9Parser();
    const lines = [
      '<exclusive-end id="13401" timestamp="2016-08-09T15:35:46.052" durationms="0.809" />',
      '<exclusive-start id="1" timestamp="junk">',
      '<exclusive-start id="2" timestamp="2016-08-09T15:35:46.051">',
      '<exclusive-end id="3" durationms="not a number" />',
      '<<<>>> </ > <a b="',
      '<exclusive-start id="4" timestamp="2016-08-09T15:35:46.051">',
    ];
    expect(run(lines, parser)).toEqual([]);
    expect(parser.stats).toEqual({ lines: 6, parseErrors: 4 });
  });
});
