/** A delegation in the demo memo: fixed id, bilingual name and a display colour. */
interface DemoParty {
  readonly id: string;
  readonly name: { readonly zh: string; readonly en: string };
  readonly color: string;
}

/** A demo account; `party` is null for people who belong to neither delegation. */
interface DemoPerson {
  readonly email: string;
  readonly name: string;
  readonly party: 'cn' | 'us' | null;
  readonly role: 'signatory' | 'drafter' | 'facilitator' | 'observer';
}

/**
 * The two delegations of the fictional demo memo created on first start
 * (see `demoMemoSeed`).
 */
export const demoParties = [
  { id: 'cn', name: { zh: '中方代表团', en: 'Chinese delegation' }, color: '#c0392b' },
  { id: 'us', name: { zh: '美方代表团', en: 'US delegation' }, color: '#1f5fa8' },
] as const satisfies readonly DemoParty[];

/**
 * Fictional demo accounts for the demo memo: a signatory and a drafter for
 * each delegation, plus a neutral facilitator and an observer who belong to
 * no delegation. The `.example` domains are reserved and never deliver mail.
 */
export const demoPeople = [
  { email: 'wang.lin@cn.example', name: 'Wang Lin 王林', party: 'cn', role: 'signatory' },
  { email: 'chen.yu@cn.example', name: 'Chen Yu 陈雨', party: 'cn', role: 'drafter' },
  { email: 'sarah.miller@us.example', name: 'Sarah Miller', party: 'us', role: 'signatory' },
  { email: 'david.park@us.example', name: 'David Park', party: 'us', role: 'drafter' },
  { email: 'facilitator@accord.example', name: 'Ingrid Larsen', party: null, role: 'facilitator' },
  { email: 'observer@accord.example', name: 'Tomás Rivera', party: null, role: 'observer' },
] as const satisfies readonly DemoPerson[];
