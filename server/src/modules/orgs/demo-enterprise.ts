/**
 * Deterministic generator of a realistic demo enterprise (示例铝业有限公司) for seeding, demos and benchmarks.
 *
 * Everything is drawn from a seeded mulberry32 PRNG (never Math.random) and from `today`, so the same options
 * always give the same data. Dates are `YYYY-MM-DD`; all relative dates (ages, terms, probation) are computed
 * from `today`.
 *
 * Scales:
 * - 'demo' (default): company committee C01, 10 general branches G01–G10, 120 branches B001–B120
 *   (B120 = 退休职工党支部 directly under C01), about 250 party groups (B001-1 …) and exactly 3,000 people.
 *   It contains the deliberate rule violations listed in DEMO_VIOLATIONS (RULES.md); every other
 *   organisation follows the rules.
 * - 'enterprise': one enterprise of about 300 organisations and 3,000 people, no deliberate violations.
 * - 'group': group committee GRP with 集团机关党总支 (GRP-G01 …) and 20 enterprise committees C01–C20
 *   (codes C01-G01, C01-B001, C01-B001-1 …): about 5,000 organisations and 100,000 people.
 *
 * Deliberate violations in scale 'demo' (the codes do not depend on the seed or on `today`):
 * - B003 熔铸厂第二生产车间党支部 (branch.max_members): 55 members (52 full + 3 probationary), more than 50.
 * - B018 热轧厂第一生产车间党支部 (branch.groups_required): 32 members (30 full + 2 probationary), no 党小组.
 * - B032 冷轧厂第一生产车间党支部 (branch.committee_size): a committee of 6 without a committeeNote.
 * - B049 中厚板厂轧制车间党支部 (term.overdue): committee term ended 2 months before `today`.
 * - B064 挤压厂模具车间党支部 (term.ending_soon): committee term ends 45 days after `today`.
 * - B079 技术中心标准化室党支部 (branch.committee_size): 9 full members, a committee of only 2.
 * - B086 制造部能源管理室党支部 (branch.committee_required): 8 full members, no committee (secretary only).
 * - B102 动力厂供电车间党支部 (branch.no_secretary): the secretary retired 95 days before `today` (an ended
 *   post; the holder is now in B120) and nobody replaced him; the deputy secretary leads.
 * - B119 物流中心安全环保室党支部 (branch.min_full_members): only 2 full members (+1 probationary).
 * Not a violation: B002 熔铸厂第一生产车间党支部 has a committee of 6 with a committeeNote recording the approval.
 *
 * Conventions: non-members (群众) have branchCode and groupCode null and only a businessUnit; activists,
 * candidates and applicants belong to the branch that cultivates them (groupCode null); full and
 * probationary members belong to a branch and, where the branch has groups, to one group. probationStart is
 * set only for probationary members (for full members it equalled joinedPartyOn). Post holders of a branch or
 * group are members of it; holders of general-branch and committee posts are members of a branch under it.
 * A post with endOn set is history and its holder may have left the organisation.
 */

export type OrgKind = 'committee' | 'general_branch' | 'branch' | 'group';
export type PartyStatus = 'full' | 'probationary' | 'activist' | 'candidate' | 'applicant' | 'non_member';

export interface DemoOrg {
  code: string;
  name: string;
  shortName: string;
  kind: OrgKind;
  parentCode: string | null;
  sortOrder: number;
  businessUnit: string;
  /** YYYY-MM-DD */
  foundedOn: string;
  /** Start of the current committee term, for committee/general_branch and branches with a committee. */
  termStart: string | null;
  termYears: number | null;
  committeeNote: string | null;
}

export interface DemoPerson {
  employeeNo: string;
  name: string;
  gender: 'male' | 'female';
  ethnicity: string;
  birthDate: string;
  education: string;
  jobTitle: string;
  businessUnit: string;
  phone: string;
  partyStatus: PartyStatus;
  joinedPartyOn: string | null;
  fullMemberOn: string | null;
  probationStart: string | null;
  branchCode: string | null;
  groupCode: string | null;
  isCadre: boolean;
  isRetired: boolean;
  isMobile: boolean;
}

export type PostKind =
  | 'secretary'
  | 'deputy_secretary'
  | 'committee_member'
  | 'organization_member'
  | 'propaganda_member'
  | 'discipline_member'
  | 'group_leader';

export interface DemoPost {
  orgCode: string;
  employeeNo: string;
  post: PostKind;
  startOn: string;
  endOn: string | null;
}

export interface DemoEnterprise {
  orgs: DemoOrg[];
  people: DemoPerson[];
  posts: DemoPost[];
}

export interface DemoOptions {
  seed?: number;
  scale?: 'demo' | 'enterprise' | 'group';
  /** YYYY-MM-DD, default '2026-11-25' */
  today?: string;
}

export interface DemoViolation {
  orgCode: string;
  /** Stable rule id, e.g. 'branch.max_members'. */
  rule: string;
  /** What is wrong, in Chinese, as a reviewer would describe it. */
  detail: string;
}

/** The education levels the generator uses, lowest first. */
export const EDUCATION_LEVELS = ['高中/中专', '大专', '本科', '硕士研究生', '博士研究生'] as const;

const DEFAULT_TODAY = '2026-11-25';
const DEFAULT_SEED = 20261125;

// ---------------------------------------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------------------------------------

interface Weighted<T> {
  readonly items: readonly T[];
  readonly cumulative: readonly number[];
  readonly total: number;
}

function weighted<T>(pairs: ReadonlyArray<readonly [T, number]>): Weighted<T> {
  const items: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [value, weight] of pairs) {
    total += weight;
    items.push(value);
    cumulative.push(total);
  }
  return { items, cumulative, total };
}

function at<T>(items: readonly T[], index: number): T {
  const value = items[index];
  if (value === undefined) {
    throw new RangeError(`index ${index} out of range (length ${items.length})`);
  }
  return value;
}

class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = Math.floor(seed) >>> 0;
  }

  /** mulberry32: a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** An integer in [min, max], more likely near the middle. */
  triangular(min: number, max: number): number {
    return min + Math.floor(((this.next() + this.next()) / 2) * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.next() * items.length));
  }

  from<T>(table: Weighted<T>): T {
    const x = this.next() * table.total;
    const { cumulative } = table;
    for (let i = 0; i < cumulative.length; i++) {
      if (x < at(cumulative, i)) {
        return at(table.items, i);
      }
    }
    return at(table.items, table.items.length - 1);
  }

  /** Rounds up with probability equal to the fraction, so sums stay unbiased. */
  round(x: number): number {
    const floor = Math.floor(x);
    return floor + (this.next() < x - floor ? 1 : 0);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const a = at(items, i);
      items[i] = at(items, j);
      items[j] = a;
    }
    return items;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Dates as whole days since 1970-01-01 (UTC)
// ---------------------------------------------------------------------------------------------------------

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm; no Date objects, so it is fast). */
function dayOfYear(year: number, month: number, date: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + date - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** [year, month (1–12), date] of a day number. */
function civil(day: number): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const date = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, date];
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function formatDay(day: number): string {
  const [y, m, d] = civil(day);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

function yearOf(day: number): number {
  return civil(day)[0];
}

function parseDay(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) {
    throw new RangeError(`invalid date '${text}', expected YYYY-MM-DD`);
  }
  const day = dayOfYear(Number(match[1]), Number(match[2]), Number(match[3]));
  if (Number(match[2]) > 12 || formatDay(day) !== text) {
    throw new RangeError(`invalid date '${text}'`);
  }
  return day;
}

/** Adds calendar months; a date past the end of the target month becomes its last day (29 Feb + 1 year = 28 Feb). */
function addMonths(day: number, months: number): number {
  const [y, m, d] = civil(day);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return dayOfYear(year, month, Math.min(d, daysInMonth(year, month)));
}

function addYears(day: number, years: number): number {
  return addMonths(day, years * 12);
}

function between(rng: Rng, lo: number, hi: number): number {
  return hi <= lo ? lo : rng.int(lo, hi);
}

// ---------------------------------------------------------------------------------------------------------
// Names and pinyin initials
// ---------------------------------------------------------------------------------------------------------

/** Common surnames, most frequent first (the generator favours the front of the list). */
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔' +
  '钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤常温康施文牛' +
  '樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳殷詹申耿关兰焦左柳甘祝包宁尚舒柯纪梅童毕季裴霍涂苗谷盛曲翁冉蓝路辛靳管' +
  '柴鲍佟隋栾';
const MALE_GIVEN =
  '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫宇浩凯健俊峰建国文林东海亮志新成龙松永春光振洪晨宏毅博庆德忠利民兵旭阳' +
  '金福生荣晓学立天家子昊泽然轩铭睿哲锋彬江山兴顺胜瑞广达宁力坤义良贵武岩钢波帆硕琦';
const FEMALE_GIVEN =
  '芳娜敏静丽艳娟霞秀玲燕红梅莉婷雪慧颖琳洁萍倩欣佳琴云璐婧丹晶薇蕾彤悦怡雯月凤兰英萌爽楠瑶璇诗涵梦思雨桂淑' + '珍玉亚晓春文宁新华平';
/** Given names typical of people born before the 1970s. */
const MALE_CLASSIC = ['建国', '建军', '国庆', '卫东', '建华', '志强', '振华', '德明', '国强', '卫国', '永红', '建平'];
const FEMALE_CLASSIC = ['秀兰', '淑珍', '桂兰', '秀英', '玉兰', '桂芳', '淑华', '丽华', '秀珍', '凤英', '玉梅', '桂荣'];

/** Pinyin initial of every character the name generator uses. */
const PINYIN_INITIALS: Readonly<Record<string, string>> = {
  a: '安',
  b: '白包毕鲍斌博兵彬波',
  c: '陈曹蔡程崔常柴超成春晨',
  d: '邓董杜丁段戴东德达丹',
  f: '冯范付方樊飞峰福锋帆芳凤',
  g: '郭高顾龚葛耿关甘谷管刚国光广贵钢桂',
  h: '黄胡何韩侯贺郝霍辉华浩海洪宏昊红慧涵',
  j: '蒋姜金贾江焦纪季靳军杰健俊建家静娟洁佳婧晶',
  k: '孔康柯凯坤',
  l: '李刘林罗梁吕卢陆廖雷龙黎鲁兰柳蓝路栾磊亮利立力良丽玲莉琳璐蕾',
  m: '马孟毛莫梅苗明民铭敏萌梦',
  n: '牛倪聂宁娜楠',
  p: '彭潘庞裴平鹏萍',
  q: '秦邱钱齐乔曲强庆琦倩琴',
  r: '任冉荣然睿瑞',
  s: '孙宋苏沈石史邵施申尚舒盛隋松生山顺胜硕爽诗思淑',
  t: '唐田谭陶汤童涂佟涛天婷彤',
  w: '王吴魏汪韦万武温文伍翁伟卫薇雯',
  x: '徐谢许肖夏熊薛向邢辛鑫新旭晓学轩兴霞秀雪欣璇',
  y: '杨袁于余叶姚尹闫严易颜岳殷勇宇永毅阳义岩艳燕颖云悦怡月英瑶雨玉亚',
  z: '张赵周朱郑钟邹庄章詹左祝志振忠子泽哲珍',
};

const INITIAL_OF: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [initial, chars] of Object.entries(PINYIN_INITIALS)) {
    for (const char of chars) {
      map.set(char, initial);
    }
  }
  return map;
})();

const SURNAME_CHARS = [...SURNAMES];
const MALE_CHARS = [...MALE_GIVEN];
const FEMALE_CHARS = [...FEMALE_GIVEN];

type Gender = 'male' | 'female';

function generateName(rng: Rng, gender: Gender, birthYear: number): string {
  // Skewed towards the most common surnames (the first five cover about a fifth of people).
  const surname = at(SURNAME_CHARS, Math.floor(SURNAME_CHARS.length * rng.next() ** 2.2));
  if (birthYear < 1972 && rng.chance(0.25)) {
    return surname + rng.pick(gender === 'male' ? MALE_CLASSIC : FEMALE_CLASSIC);
  }
  const pool = gender === 'male' ? MALE_CHARS : FEMALE_CHARS;
  const first = rng.pick(pool);
  if (rng.chance(0.28)) {
    return surname + first;
  }
  let second = rng.pick(pool);
  while (second === first) {
    second = rng.pick(pool);
  }
  return surname + first + second;
}

/** Deterministic Chinese personal name generator from common surnames and given-name characters. */
export function createNameGenerator(seed: number): () => string {
  const rng = new Rng(seed);
  return () => generateName(rng, rng.chance(0.5) ? 'male' : 'female', 1960 + rng.int(0, 45));
}

/** The pinyin initials of a generated name, e.g. '张伟' -> 'zw' (characters outside the table are skipped). */
export function pinyinInitials(name: string): string {
  let out = '';
  for (const char of name) {
    const initial = INITIAL_OF.get(char);
    if (initial !== undefined) {
      out += initial;
    } else if (/^[A-Za-z0-9]$/.test(char)) {
      out += char.toLowerCase();
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Reference tables
// ---------------------------------------------------------------------------------------------------------

const ETHNICITIES = weighted<string>([
  ['汉族', 91],
  ['满族', 4.5],
  ['回族', 2],
  ['蒙古族', 1.3],
  ['朝鲜族', 1.2],
]);

type Education = (typeof EDUCATION_LEVELS)[number];
type EduCategory = 'worker' | 'technician' | 'clerk' | 'engineer' | 'senior' | 'principal' | 'cadre' | 'retiree' | 'rd';

const EDUCATION: Readonly<Record<EduCategory, Weighted<Education>>> = {
  worker: weighted<Education>([
    ['高中/中专', 55],
    ['大专', 35],
    ['本科', 10],
  ]),
  technician: weighted<Education>([
    ['高中/中专', 10],
    ['大专', 45],
    ['本科', 42],
    ['硕士研究生', 3],
  ]),
  clerk: weighted<Education>([
    ['大专', 20],
    ['本科', 65],
    ['硕士研究生', 15],
  ]),
  engineer: weighted<Education>([
    ['大专', 10],
    ['本科', 68],
    ['硕士研究生', 20],
    ['博士研究生', 2],
  ]),
  senior: weighted<Education>([
    ['本科', 55],
    ['硕士研究生', 38],
    ['博士研究生', 7],
  ]),
  principal: weighted<Education>([
    ['本科', 20],
    ['硕士研究生', 45],
    ['博士研究生', 35],
  ]),
  rd: weighted<Education>([
    ['本科', 35],
    ['硕士研究生', 50],
    ['博士研究生', 15],
  ]),
  cadre: weighted<Education>([
    ['大专', 5],
    ['本科', 60],
    ['硕士研究生', 33],
    ['博士研究生', 2],
  ]),
  retiree: weighted<Education>([
    ['高中/中专', 55],
    ['大专', 28],
    ['本科', 17],
  ]),
};

const TITLE_CATEGORY: Readonly<Record<string, EduCategory>> = {
  操作工: 'worker',
  班组长: 'worker',
  维修电工: 'worker',
  钳工: 'worker',
  质检员: 'worker',
  运行值班员: 'worker',
  驾驶员: 'worker',
  叉车司机: 'worker',
  保管员: 'worker',
  技术员: 'technician',
  调度员: 'technician',
  助理工程师: 'technician',
  科员: 'clerk',
  主管: 'clerk',
  经济师: 'clerk',
  会计师: 'clerk',
  工程师: 'engineer',
  高级工程师: 'senior',
  正高级工程师: 'principal',
  退休职工: 'retiree',
};

type UnitType = 'plant' | 'power' | 'logistics' | 'tech' | 'dept' | 'admin';
type BranchType = 'workshop' | 'maintenance' | 'station' | 'office' | 'lab' | 'admin' | 'retiree';
type StaffKind = 'workshop' | 'maintenance' | 'station' | 'office' | 'dept' | 'lab' | 'admin' | 'power' | 'logistics';

const STAFF: Readonly<Record<StaffKind, Weighted<string>>> = {
  workshop: weighted([
    ['操作工', 52],
    ['班组长', 12],
    ['技术员', 8],
    ['工程师', 9],
    ['高级工程师', 3],
    ['维修电工', 5],
    ['钳工', 5],
    ['质检员', 6],
  ]),
  maintenance: weighted([
    ['维修电工', 28],
    ['钳工', 25],
    ['操作工', 12],
    ['班组长', 10],
    ['技术员', 10],
    ['工程师', 12],
    ['高级工程师', 3],
  ]),
  station: weighted([
    ['质检员', 45],
    ['技术员', 20],
    ['班组长', 10],
    ['工程师', 20],
    ['高级工程师', 5],
  ]),
  office: weighted([
    ['科员', 30],
    ['主管', 20],
    ['技术员', 15],
    ['工程师', 25],
    ['高级工程师', 10],
  ]),
  dept: weighted([
    ['科员', 20],
    ['主管', 25],
    ['调度员', 15],
    ['工程师', 28],
    ['高级工程师', 12],
  ]),
  lab: weighted([
    ['技术员', 15],
    ['助理工程师', 12],
    ['工程师', 40],
    ['高级工程师', 25],
    ['正高级工程师', 5],
  ]),
  admin: weighted([
    ['科员', 45],
    ['主管', 27],
    ['经济师', 8],
    ['会计师', 7],
    ['工程师', 8],
    ['高级工程师', 5],
  ]),
  power: weighted([
    ['运行值班员', 35],
    ['维修电工', 20],
    ['操作工', 12],
    ['班组长', 10],
    ['技术员', 8],
    ['工程师', 12],
    ['高级工程师', 3],
  ]),
  logistics: weighted([
    ['操作工', 20],
    ['驾驶员', 20],
    ['叉车司机', 12],
    ['保管员', 15],
    ['调度员', 10],
    ['班组长', 12],
    ['技术员', 5],
    ['工程师', 6],
  ]),
};

/** Share of men by branch type (production sites are mostly male). */
const MALE_SHARE: Readonly<Record<BranchType, number>> = {
  workshop: 0.72,
  maintenance: 0.8,
  station: 0.55,
  office: 0.55,
  lab: 0.62,
  admin: 0.5,
  retiree: 0.65,
};

/** Raw full-member range by branch type, before scaling to the enterprise's target. */
const RAW_FULL: Readonly<Record<BranchType, readonly [number, number]>> = {
  workshop: [18, 40],
  maintenance: [10, 24],
  station: [6, 14],
  office: [4, 10],
  lab: [8, 20],
  admin: [8, 18],
  retiree: [46, 46],
};

const MAX_FULL = 44;

function staffKind(branch: BranchType, unit: UnitType): StaffKind {
  switch (branch) {
    case 'workshop':
    case 'station':
      return unit === 'power' ? 'power' : unit === 'logistics' ? 'logistics' : branch;
    case 'office':
      return unit === 'dept' ? 'dept' : 'office';
    case 'retiree':
      return 'office';
    default:
      return branch;
  }
}

function branchTypeOf(sub: string, unit: UnitType): BranchType {
  if (unit === 'admin') {
    return 'admin';
  }
  if (sub === '机关' || sub.startsWith('综合')) {
    return 'office';
  }
  if (unit === 'tech' && /研发|研究室|检测分析|理化|标准化|信息技术/.test(sub)) {
    return 'lab';
  }
  if (/设备|电气|检修|维修|液压|轧辊|模具/.test(sub)) {
    return 'maintenance';
  }
  if (sub.endsWith('站')) {
    return 'station';
  }
  if (sub.endsWith('车间')) {
    return 'workshop';
  }
  return 'office';
}

const CN_DIGITS = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];

function cnNumber(n: number): string {
  if (n < 10) {
    return at(CN_DIGITS, n - 1);
  }
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const tensText = tens === 1 ? '' : at(CN_DIGITS, tens - 1);
  const onesText = ones === 0 ? '' : at(CN_DIGITS, ones - 1);
  return `${tensText}十${onesText}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// ---------------------------------------------------------------------------------------------------------
// Plans
// ---------------------------------------------------------------------------------------------------------

type SeatLevel = 'branch' | 'parent' | 'root';

interface LeaderSpec {
  jobTitle: string;
  ageMin: number;
  ageMax: number;
  level: SeatLevel;
  /** For 'parent' and 'root' leaders: the post they hold there. */
  post: PostKind | null;
}

interface BranchOverride {
  full: number;
  probationary?: number;
  committee?: number;
  groups?: number;
  noSecretary?: boolean;
  committeeNote?: string;
  termStart?: (today: number) => number;
  leaders?: readonly string[];
  withDeputy?: boolean;
  formerSecretaryRetired?: boolean;
}

interface BranchPlan {
  name: string;
  shortName: string;
  type: BranchType;
  staff: StaffKind;
  businessUnit: string;
  raw: number;
  minFull: number;
  override: BranchOverride | null;
  hosted: LeaderSpec[];
  full: number;
  probationary: number;
  activist: number;
  candidate: number;
  applicant: number;
  committee: number;
  withDeputy: boolean;
  groups: number;
  leaders: LeaderSpec[];
}

interface UnitPlan {
  unit: string;
  type: UnitType;
  foundedYear: number;
  branches: BranchPlan[];
}

interface EnterprisePlan {
  units: UnitPlan[];
  /** Branches directly under the committee (the retiree branch). */
  direct: BranchPlan[];
  targetFull: number;
  peopleTarget: number;
}

function leader(jobTitle: string, level: SeatLevel, post: PostKind | null, ageMin: number, ageMax: number): LeaderSpec {
  return { jobTitle, level, post, ageMin, ageMax };
}

function rootLeaders(): LeaderSpec[] {
  return [
    leader('董事长', 'root', 'secretary', 50, 58),
    leader('总经理', 'root', 'deputy_secretary', 47, 58),
    leader('党委副书记', 'root', 'deputy_secretary', 46, 57),
    leader('纪委书记', 'root', 'discipline_member', 45, 57),
    leader('副总经理', 'root', 'committee_member', 42, 57),
    leader('副总经理', 'root', 'committee_member', 42, 57),
    leader('总工程师', 'root', 'committee_member', 44, 57),
    leader('总会计师', 'root', 'committee_member', 44, 57),
    leader('工会主席', 'root', 'committee_member', 46, 58),
  ];
}

function unitLeaders(unit: string, type: UnitType): LeaderSpec[] {
  if (type === 'admin') {
    return [
      leader('党委工作部部长', 'parent', 'secretary', 42, 57),
      leader('公司办公室主任', 'parent', 'deputy_secretary', 40, 56),
      leader('人力资源部部长', 'parent', 'organization_member', 40, 56),
      leader('党委工作部副部长', 'parent', 'propaganda_member', 35, 54),
      leader('纪委办公室主任', 'parent', 'discipline_member', 38, 56),
    ];
  }
  const head = unit.endsWith('厂') ? '厂长' : unit.endsWith('部') ? '部长' : unit.endsWith('山') ? '矿长' : '主任';
  return [
    leader('党总支书记', 'parent', 'secretary', 42, 57),
    leader(head, 'parent', 'deputy_secretary', 40, 56),
    leader(`副${head}`, 'parent', 'organization_member', 36, 56),
    leader('工会主席', 'parent', 'propaganda_member', 40, 57),
    leader(`副${head}`, 'parent', 'discipline_member', 36, 56),
  ];
}

function branchPlan(rng: Rng, unit: string, unitType: UnitType, sub: string, override: BranchOverride | null): BranchPlan {
  const type = branchTypeOf(sub, unitType);
  const [lo, hi] = RAW_FULL[type];
  return {
    name: `${unit}${sub}党支部`,
    shortName: `${sub}党支部`,
    type,
    staff: staffKind(type, unitType),
    businessUnit: unit,
    raw: rng.int(lo, hi),
    minFull: 3,
    override,
    hosted: [],
    full: 0,
    probationary: 0,
    activist: 0,
    candidate: 0,
    applicant: 0,
    committee: 0,
    withDeputy: false,
    groups: 0,
    leaders: [],
  };
}

function retireeBranchPlan(rng: Rng, full: number): BranchPlan {
  const plan = branchPlan(rng, '', 'dept', '退休职工', { full });
  plan.type = 'retiree';
  plan.staff = 'office';
  plan.businessUnit = '离退休管理中心';
  plan.override = null;
  plan.raw = full;
  plan.minFull = full;
  plan.full = full;
  return plan;
}

/** Puts the committee's leaders and each general branch's leaders into a host branch. */
function hostLeaders(units: UnitPlan[]): void {
  for (const unit of units) {
    const host = at(unit.branches, unit.type === 'admin' && unit.branches.length > 1 ? 1 : 0);
    host.hosted.push(...unitLeaders(unit.unit, unit.type));
  }
  const admin = units.find((u) => u.type === 'admin') ?? at(units, 0);
  at(admin.branches, 0).hosted.push(...rootLeaders());
  for (const unit of units) {
    for (const branch of unit.branches) {
      branch.minFull = Math.max(branch.minFull, branch.hosted.length > 0 ? branch.hosted.length + 5 : 3);
    }
  }
}

function committeeSize(rng: Rng, full: number): number {
  if (full < 7) {
    return 0;
  }
  if (full <= 14) {
    return 3;
  }
  if (full <= 24) {
    return rng.int(3, 4);
  }
  if (full <= 34) {
    return rng.int(4, 5);
  }
  return 5;
}

function groupCount(rng: Rng, members: number): number {
  if (members < 10) {
    return 0;
  }
  if (members < 18) {
    return 2;
  }
  if (members < 28) {
    return rng.int(2, 3);
  }
  if (members < 38) {
    return rng.int(3, 4);
  }
  return rng.int(4, 5);
}

const BRANCH_LEADER_AGE: readonly [number, number] = [32, 56];

function branchLeaders(rng: Rng, type: BranchType, full: number): { leaders: LeaderSpec[]; withDeputy: boolean } {
  const [ageMin, ageMax] = BRANCH_LEADER_AGE;
  const lead = (title: string): LeaderSpec => leader(title, 'branch', null, ageMin, ageMax);
  if (type === 'retiree') {
    return { leaders: [], withDeputy: false };
  }
  if (type === 'workshop' || type === 'maintenance') {
    const fullTime = full >= 15 && rng.chance(0.5);
    const leaders = fullTime ? [lead('党支部书记'), lead('主任')] : [lead('主任')];
    if (full >= 24) {
      leaders.push(lead('副主任'));
    }
    return { leaders, withDeputy: fullTime };
  }
  const [head, deputy] = type === 'station' ? ['站长', '副站长'] : type === 'admin' ? ['部长', '副部长'] : ['主任', '副主任'];
  const leaders = [lead(head)];
  if (full >= 16) {
    leaders.push(lead(deputy));
  }
  return { leaders, withDeputy: false };
}

/** Scales the raw sizes to the target number of full members, then fixes statuses, committees and groups. */
function finishPlan(rng: Rng, plan: EnterprisePlan): void {
  const all = [...plan.units.flatMap((u) => u.branches), ...plan.direct];
  let fixed = 0;
  let raw = 0;
  for (const b of all) {
    if (b.override) {
      fixed += b.override.full;
    } else if (b.type === 'retiree') {
      fixed += b.full;
    } else {
      raw += b.raw;
    }
  }
  const scale = raw > 0 ? Math.max(0, plan.targetFull - fixed) / raw : 1;
  for (const b of all) {
    const o = b.override;
    if (o) {
      b.full = o.full;
    } else if (b.type !== 'retiree') {
      b.full = Math.min(MAX_FULL, Math.max(b.minFull, Math.round(b.raw * scale)));
    }
    const retiree = b.type === 'retiree';
    b.probationary = o?.probationary ?? (retiree ? 0 : Math.min(3, rng.round(b.full * 0.0533)));
    b.activist = retiree ? 0 : rng.round(b.full * 0.0533);
    b.candidate = retiree ? 0 : rng.round(b.full * 0.0267);
    b.applicant = retiree ? 0 : rng.round(b.full * 0.0267);
    b.committee = o?.committee ?? committeeSize(rng, b.full);
    b.groups = o?.groups ?? groupCount(rng, b.full + b.probationary);
    if (o?.leaders) {
      b.leaders = o.leaders.map((t) => leader(t, 'branch', null, BRANCH_LEADER_AGE[0], BRANCH_LEADER_AGE[1]));
      b.withDeputy = o.withDeputy ?? false;
    } else {
      const chosen = branchLeaders(rng, b.type, b.full);
      b.leaders = chosen.leaders;
      b.withDeputy = chosen.withDeputy;
    }
    // Leaders and hosted leaders are full members of the branch: never more of them than its full members.
    const room = Math.max(1, b.full - b.hosted.length);
    if (b.leaders.length > room) {
      b.leaders = b.leaders.slice(0, room);
    }
  }
}

// --- scale 'demo' --------------------------------------------------------------------------------------

interface UnitTemplate {
  unit: string;
  type: UnitType;
  foundedYear: number;
  subs: readonly string[];
}

const ADMIN_SUBS = Array.from({ length: 12 }, (_, i) => `第${cnNumber(i + 1)}`);

const DEMO_UNITS: readonly UnitTemplate[] = [
  {
    unit: '熔铸厂',
    type: 'plant',
    foundedYear: 1958,
    subs: [
      '机关',
      '第一生产车间',
      '第二生产车间',
      '第三生产车间',
      '第四生产车间',
      '熔炼车间',
      '铸造一车间',
      '铸造二车间',
      '均质车间',
      '锯切车间',
      '原料车间',
      '设备车间',
      '电气车间',
      '质量检验站',
      '生产技术室',
      '安全环保室',
    ],
  },
  {
    unit: '热轧厂',
    type: 'plant',
    foundedYear: 1965,
    subs: [
      '机关',
      '第一生产车间',
      '第二生产车间',
      '加热炉车间',
      '粗轧车间',
      '精轧车间',
      '卷取车间',
      '轧辊车间',
      '设备车间',
      '电气车间',
      '液压车间',
      '质量检验站',
      '生产技术室',
      '安全环保室',
    ],
  },
  {
    unit: '冷轧厂',
    type: 'plant',
    foundedYear: 1978,
    subs: [
      '机关',
      '第一生产车间',
      '第二生产车间',
      '第三生产车间',
      '冷轧一车间',
      '冷轧二车间',
      '精整车间',
      '退火车间',
      '拉弯矫车间',
      '涂层车间',
      '轧辊车间',
      '设备车间',
      '电气车间',
      '质量检验站',
      '生产技术室',
    ],
  },
  {
    unit: '中厚板厂',
    type: 'plant',
    foundedYear: 1996,
    subs: [
      '机关',
      '第一生产车间',
      '第二生产车间',
      '轧制车间',
      '热处理车间',
      '预拉伸车间',
      '锯切车间',
      '精整车间',
      '设备车间',
      '电气车间',
      '质量检验站',
      '生产技术室',
    ],
  },
  {
    unit: '挤压厂',
    type: 'plant',
    foundedYear: 1988,
    subs: [
      '机关',
      '第一生产车间',
      '第二生产车间',
      '第三生产车间',
      '挤压一车间',
      '挤压二车间',
      '模具车间',
      '时效车间',
      '型材精整车间',
      '管材车间',
      '设备车间',
      '质量检验站',
      '生产技术室',
    ],
  },
  {
    unit: '技术中心',
    type: 'tech',
    foundedYear: 2003,
    subs: [
      '综合办公室',
      '研发一室',
      '研发二室',
      '研发三室',
      '研发四室',
      '工艺研究室',
      '检测分析室',
      '理化检验室',
      '标准化室',
      '信息技术室',
    ],
  },
  {
    unit: '制造部',
    type: 'dept',
    foundedYear: 2016,
    subs: ['综合室', '生产调度室', '计划管理室', '质量管理室', '设备管理室', '能源管理室', '安全环保室', '工艺管理室'],
  },
  { unit: '机关', type: 'admin', foundedYear: 1958, subs: ADMIN_SUBS },
  {
    unit: '动力厂',
    type: 'power',
    foundedYear: 1960,
    subs: ['机关', '供电车间', '变电运行车间', '供水车间', '燃气车间', '热力车间', '空压站', '设备维修车间', '计量检测站', '生产技术室'],
  },
  {
    unit: '物流中心',
    type: 'logistics',
    foundedYear: 2012,
    subs: ['机关', '原料仓储站', '成品仓储站', '铁路运输车间', '汽车运输车间', '装卸车间', '调度室', '设备维修车间', '安全环保室'],
  },
];

interface DemoViolationPlan {
  unit: string;
  sub: string;
  rule: string;
  detail: string;
  override: BranchOverride;
}

const SIX_COMMITTEE_NOTE = '党员人数较多、分布在四个运转班，经公司党委批准，支部委员会设委员6名。';

/** The deliberate violations of scale 'demo', by (unit, sub-unit); codes are derived from the template order. */
const DEMO_VIOLATION_PLAN: readonly DemoViolationPlan[] = [
  {
    unit: '物流中心',
    sub: '安全环保室',
    rule: 'branch.min_full_members',
    detail: '党支部仅有2名正式党员，不足3名，应与邻近单位成立联合党支部',
    override: { full: 2, probationary: 1, committee: 0, groups: 0, leaders: ['主任'] },
  },
  {
    unit: '制造部',
    sub: '能源管理室',
    rule: 'branch.committee_required',
    detail: '党支部有8名正式党员，未设立支部委员会',
    override: { full: 8, committee: 0, groups: 0, leaders: ['主任'] },
  },
  {
    unit: '技术中心',
    sub: '标准化室',
    rule: 'branch.committee_size',
    detail: '支部委员会仅有2名委员（应为3至5名）',
    override: { full: 9, committee: 2, groups: 0, leaders: ['主任'] },
  },
  {
    unit: '冷轧厂',
    sub: '第一生产车间',
    rule: 'branch.committee_size',
    detail: '支部委员会有6名委员，超过5名且未说明理由',
    override: { full: 40, committee: 6, groups: 4, leaders: ['党支部书记', '主任', '副主任'], withDeputy: true },
  },
  {
    unit: '熔铸厂',
    sub: '第二生产车间',
    rule: 'branch.max_members',
    detail: '党支部有55名党员，超过50名，应考虑设立党总支或分设党支部',
    override: { full: 52, probationary: 3, committee: 5, groups: 5, leaders: ['党支部书记', '主任', '副主任'], withDeputy: true },
  },
  {
    unit: '热轧厂',
    sub: '第一生产车间',
    rule: 'branch.groups_required',
    detail: '党支部有32名党员，未划分党小组',
    override: { full: 30, probationary: 2, committee: 4, groups: 0, leaders: ['主任', '副主任'] },
  },
  {
    unit: '中厚板厂',
    sub: '轧制车间',
    rule: 'term.overdue',
    detail: '支部委员会任期已于2个月前届满，未按期换届',
    override: { full: 16, committee: 3, termStart: (today) => addMonths(addYears(today, -3), -2) },
  },
  {
    unit: '挤压厂',
    sub: '模具车间',
    rule: 'term.ending_soon',
    detail: '支部委员会任期将在45天后届满，应做好换届准备',
    override: { full: 12, committee: 3, termStart: (today) => addYears(today + 45, -3) },
  },
  {
    unit: '动力厂',
    sub: '供电车间',
    rule: 'branch.no_secretary',
    detail: '原支部书记退休后书记职务空缺，由副书记主持工作',
    override: {
      full: 18,
      committee: 3,
      noSecretary: true,
      termStart: (today) => addMonths(today, -20),
      leaders: ['主任', '副主任'],
      withDeputy: true,
      formerSecretaryRetired: true,
    },
  },
];

const DEMO_NOTE_PLAN: Readonly<Record<string, BranchOverride>> = {
  '熔铸厂|第一生产车间': {
    full: 42,
    committee: 6,
    committeeNote: SIX_COMMITTEE_NOTE,
    leaders: ['党支部书记', '主任', '副主任'],
    withDeputy: true,
  },
};

function demoBranchCode(unit: string, sub: string): string {
  let n = 0;
  for (const u of DEMO_UNITS) {
    for (const s of u.subs) {
      n++;
      if (u.unit === unit && s === sub) {
        return `B${pad(n, 3)}`;
      }
    }
  }
  throw new Error(`no demo branch ${unit}${sub}`);
}

/**
 * The deliberate rule violations in scale 'demo' (see the file comment); every other organisation
 * follows RULES.md.
 */
export const DEMO_VIOLATIONS: DemoViolation[] = DEMO_VIOLATION_PLAN.map((v) => ({
  orgCode: demoBranchCode(v.unit, v.sub),
  rule: v.rule,
  detail: `${v.unit}${v.sub}党支部：${v.detail}`,
})).sort((a, b) => a.orgCode.localeCompare(b.orgCode));

function demoPlan(rng: Rng): EnterprisePlan {
  const overrides = new Map<string, BranchOverride>(Object.entries(DEMO_NOTE_PLAN));
  for (const v of DEMO_VIOLATION_PLAN) {
    overrides.set(`${v.unit}|${v.sub}`, v.override);
  }
  const units = DEMO_UNITS.map(
    (t): UnitPlan => ({
      unit: t.unit,
      type: t.type,
      foundedYear: t.foundedYear,
      branches: t.subs.map((sub) => branchPlan(rng, t.unit, t.type, sub, overrides.get(`${t.unit}|${sub}`) ?? null)),
    }),
  );
  hostLeaders(units);
  const plan: EnterprisePlan = { units, direct: [retireeBranchPlan(rng, 46)], targetFull: 2235, peopleTarget: 3000 };
  finishPlan(rng, plan);
  return plan;
}

// --- scales 'enterprise' and 'group' ---------------------------------------------------------------------

const PLANT_EXTRA_SUBS = [
  '设备车间',
  '电气车间',
  '检修车间',
  '原料车间',
  '精整车间',
  '质量检验站',
  '生产技术室',
  '安全环保室',
  '计量检测站',
  '成品车间',
];
const POWER_SUBS = [
  '机关',
  '供电车间',
  '变电运行车间',
  '供水车间',
  '燃气车间',
  '热力车间',
  '空压站',
  '设备维修车间',
  '计量检测站',
  '生产技术室',
  '安全环保室',
];
const LOGISTICS_SUBS = [
  '机关',
  '原料仓储站',
  '成品仓储站',
  '铁路运输车间',
  '汽车运输车间',
  '装卸车间',
  '调度室',
  '设备维修车间',
  '安全环保室',
  '计划室',
];
const TECH_EXTRA_SUBS = ['工艺研究室', '检测分析室', '理化检验室', '标准化室', '信息技术室', '中试车间'];
const DEPT_SUBS = [
  '综合室',
  '生产调度室',
  '计划管理室',
  '质量管理室',
  '设备管理室',
  '能源管理室',
  '安全环保室',
  '工艺管理室',
  '物资管理室',
  '统计室',
];

function genericSubs(type: UnitType, count: number): string[] {
  switch (type) {
    case 'plant': {
      const workshops = Math.min(6, Math.max(2, count - 4));
      const subs = ['机关', ...Array.from({ length: workshops }, (_, i) => `第${cnNumber(i + 1)}生产车间`)];
      return [...subs, ...PLANT_EXTRA_SUBS].slice(0, count);
    }
    case 'power':
      return POWER_SUBS.slice(0, count);
    case 'logistics':
      return LOGISTICS_SUBS.slice(0, count);
    case 'tech': {
      const labs = Math.min(8, Math.max(2, count - 5));
      const subs = ['综合办公室', ...Array.from({ length: labs }, (_, i) => `研发${cnNumber(i + 1)}室`)];
      return [...subs, ...TECH_EXTRA_SUBS].slice(0, count);
    }
    case 'dept':
      return DEPT_SUBS.slice(0, count);
    case 'admin':
      return Array.from({ length: count }, (_, i) => `第${cnNumber(i + 1)}`);
  }
}

const GENERIC_UNIT_POOL: ReadonlyArray<readonly [string, UnitType]> = [
  ['熔铸厂', 'plant'],
  ['热轧厂', 'plant'],
  ['冷轧厂', 'plant'],
  ['中厚板厂', 'plant'],
  ['挤压厂', 'plant'],
  ['氧化铝厂', 'plant'],
  ['电解厂', 'plant'],
  ['碳素厂', 'plant'],
  ['铝箔厂', 'plant'],
  ['机修厂', 'plant'],
  ['矿山', 'plant'],
  ['动力厂', 'power'],
  ['物流中心', 'logistics'],
  ['质量检测中心', 'tech'],
  ['制造部', 'dept'],
];

interface GenericOptions {
  units: ReadonlyArray<readonly [string, UnitType]>;
  branchesPerUnit: readonly [number, number];
  targetFull: number;
  peopleTarget: number;
  retireeFull: number | null;
}

function genericPlan(rng: Rng, o: GenericOptions): EnterprisePlan {
  const units = o.units.map(([unit, type]): UnitPlan => {
    const count = rng.int(o.branchesPerUnit[0], o.branchesPerUnit[1]);
    return {
      unit,
      type,
      foundedYear: rng.int(1958, 2015),
      branches: genericSubs(type, count).map((sub) => branchPlan(rng, unit, type, sub, null)),
    };
  });
  hostLeaders(units);
  const plan: EnterprisePlan = {
    units,
    direct: o.retireeFull === null ? [] : [retireeBranchPlan(rng, o.retireeFull)],
    targetFull: o.targetFull,
    peopleTarget: o.peopleTarget,
  };
  finishPlan(rng, plan);
  return plan;
}

function enterpriseUnits(rng: Rng): Array<readonly [string, UnitType]> {
  const pool = rng.shuffle(GENERIC_UNIT_POOL.filter(([, type]) => type !== 'tech' && type !== 'dept'));
  return [['机关', 'admin'], ['技术中心', 'tech'], ['制造部', 'dept'], ...pool.slice(0, 7)];
}

const GROUP_ENTERPRISES: ReadonlyArray<readonly [string, string]> = [
  ['示例铝业股份有限公司', '铝业股份党委'],
  ['示例氧化铝有限公司', '氧化铝公司党委'],
  ['示例电解铝有限公司', '电解铝公司党委'],
  ['示例铝板带有限公司', '板带公司党委'],
  ['示例铝箔有限公司', '铝箔公司党委'],
  ['示例铝型材有限公司', '型材公司党委'],
  ['示例碳素有限公司', '碳素公司党委'],
  ['示例矿业有限公司', '矿业公司党委'],
  ['示例热电有限公司', '热电公司党委'],
  ['示例物流有限公司', '物流公司党委'],
  ['示例建设工程有限公司', '建设公司党委'],
  ['示例机械制造有限公司', '机械公司党委'],
  ['示例有色金属研究院有限公司', '研究院党委'],
  ['示例国际贸易有限公司', '贸易公司党委'],
  ['示例再生资源有限公司', '再生资源公司党委'],
  ['示例新材料有限公司', '新材料公司党委'],
  ['示例能源有限公司', '能源公司党委'],
  ['示例设计研究院有限公司', '设计院党委'],
  ['示例铝业（西南）有限公司', '西南公司党委'],
  ['示例铝业（华东）有限公司', '华东公司党委'],
];

// ---------------------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------------------

interface PersonDraft {
  person: DemoPerson;
  birthDay: number;
  /** The day the person became a full member, or null. */
  fullDay: number | null;
  holdsPost: boolean;
}

interface OrgDraft {
  org: DemoOrg;
  foundedDay: number;
  termStartDay: number | null;
}

interface PostDraft {
  orgCode: string;
  holder: PersonDraft;
  post: PostKind;
  startDay: number;
  endDay: number | null;
}

interface PendingFormerSecretary {
  orgCode: string;
  startDay: number;
  endDay: number;
}

interface Ctx {
  rng: Rng;
  today: number;
  orgs: DemoOrg[];
  people: PersonDraft[];
  posts: PostDraft[];
  /** The 9 digits after '13' of every phone number handed out. */
  phones: Set<number>;
  pendingFormerSecretaries: PendingFormerSecretary[];
}

interface PersonSpec {
  status: PartyStatus;
  gender: Gender;
  ageMin: number;
  ageMax: number;
  jobTitle: string | null;
  staff: StaffKind;
  isCadre: boolean;
  isRetired: boolean;
  businessUnit: string;
  branchCode: string | null;
  /** The latest day the person may have joined the Party (full members only). */
  joinedBefore: number | null;
  /** A fixed birth day instead of a random one. */
  birthDay?: number;
}

function uniquePhone(ctx: Ctx): string {
  for (;;) {
    const digits = ctx.rng.int(0, 999_999_999);
    if (!ctx.phones.has(digits)) {
      ctx.phones.add(digits);
      return `13${pad(digits, 9)}`;
    }
  }
}

function adjustTitle(title: string, age: number): string {
  if (title === '正高级工程师' && age < 40) {
    return age < 33 ? '工程师' : '高级工程师';
  }
  if (title === '高级工程师' && age < 33) {
    return '工程师';
  }
  if (title === '工程师' && age < 25) {
    return '助理工程师';
  }
  if (title === '班组长' && age < 27) {
    return '操作工';
  }
  return title;
}

function educationFor(rng: Rng, title: string, isCadre: boolean, staff: StaffKind, age: number): Education {
  let category: EduCategory = isCadre ? 'cadre' : (TITLE_CATEGORY[title] ?? 'clerk');
  if (staff === 'lab' && (category === 'engineer' || category === 'senior')) {
    category = 'rd';
  }
  const education = rng.from(EDUCATION[category]);
  if (education === '高中/中专' && age < 35 && rng.chance(0.4)) {
    return '大专';
  }
  return education;
}

function makePerson(ctx: Ctx, spec: PersonSpec): PersonDraft {
  const { rng, today } = ctx;
  const female = spec.gender === 'female';
  const ageMax = female && !spec.isRetired ? Math.min(spec.ageMax, 54) : spec.ageMax;
  const ageMin = Math.min(spec.ageMin, ageMax);
  const age = rng.triangular(ageMin, ageMax);
  const birthDay = spec.birthDay ?? addYears(today, -age) - rng.int(0, 364);
  const realAge = spec.birthDay === undefined ? age : Math.floor((today - birthDay) / 365.25);
  const jobTitle = adjustTitle(spec.jobTitle ?? rng.from(STAFF[spec.staff]), realAge);
  let joined: number | null = null;
  let fullDay: number | null = null;
  let probationStart: number | null = null;
  if (spec.status === 'full') {
    const earliest = addYears(birthDay, 18);
    const latest = Math.min(spec.joinedBefore ?? today - 400, today - 400);
    const joinAge = spec.isRetired ? rng.int(20, 45) : rng.chance(0.5) ? rng.int(19, 23) : rng.int(22, 40);
    joined = addYears(birthDay, joinAge) + rng.int(0, 364);
    if (joined > latest || joined < earliest) {
      joined = between(rng, earliest, latest);
    }
    fullDay = addYears(joined, 1);
  } else if (spec.status === 'probationary') {
    probationStart = today - rng.int(15, 350);
    joined = probationStart;
  }
  const person: DemoPerson = {
    employeeNo: '',
    name: generateName(rng, spec.gender, yearOf(birthDay)),
    gender: spec.gender,
    ethnicity: rng.from(ETHNICITIES),
    birthDate: formatDay(birthDay),
    education: spec.isRetired ? rng.from(EDUCATION.retiree) : educationFor(rng, jobTitle, spec.isCadre, spec.staff, realAge),
    jobTitle,
    businessUnit: spec.businessUnit,
    phone: uniquePhone(ctx),
    partyStatus: spec.status,
    joinedPartyOn: joined === null ? null : formatDay(joined),
    fullMemberOn: fullDay === null ? null : formatDay(fullDay),
    probationStart: probationStart === null ? null : formatDay(probationStart),
    branchCode: spec.branchCode,
    groupCode: null,
    isCadre: spec.isCadre,
    isRetired: spec.isRetired,
    isMobile: false,
  };
  const draft: PersonDraft = { person, birthDay, fullDay, holdsPost: false };
  ctx.people.push(draft);
  return draft;
}

interface OrgInput {
  code: string;
  name: string;
  shortName: string;
  kind: OrgKind;
  parent: OrgDraft | null;
  sortOrder: number;
  businessUnit: string;
  foundedDay: number;
  termStartDay: number | null;
  termYears: number | null;
  committeeNote: string | null;
}

function createOrg(ctx: Ctx, input: OrgInput): OrgDraft {
  const org: DemoOrg = {
    code: input.code,
    name: input.name,
    shortName: input.shortName,
    kind: input.kind,
    parentCode: input.parent === null ? null : input.parent.org.code,
    sortOrder: input.sortOrder,
    businessUnit: input.businessUnit,
    foundedOn: formatDay(input.foundedDay),
    termStart: input.termStartDay === null ? null : formatDay(input.termStartDay),
    termYears: input.termStartDay === null ? null : input.termYears,
    committeeNote: input.committeeNote,
  };
  ctx.orgs.push(org);
  return { org, foundedDay: input.foundedDay, termStartDay: input.termStartDay };
}

/** A term start that leaves the term more than 120 days from its end. */
function healthyTermStart(ctx: Ctx, years: number, notBefore: number): number {
  return between(ctx.rng, Math.max(notBefore, addYears(ctx.today, -years) + 120), ctx.today - 30);
}

function addPost(ctx: Ctx, orgCode: string, holder: PersonDraft, post: PostKind, startDay: number, endDay: number | null): void {
  ctx.posts.push({ orgCode, holder, post, startDay, endDay });
  if (endDay === null) {
    holder.holdsPost = true;
  }
}

function seatKinds(size: number, withDeputy: boolean): PostKind[] {
  const base: PostKind[] = withDeputy
    ? ['secretary', 'deputy_secretary', 'organization_member', 'propaganda_member', 'discipline_member']
    : ['secretary', 'organization_member', 'propaganda_member', 'discipline_member', 'committee_member'];
  const seats = base.slice(0, Math.min(size, 5));
  for (let i = 5; i < size; i++) {
    seats.push('committee_member');
  }
  return seats;
}

/**
 * Picks a random full member for a post starting on `by`: preferably one who was a full member by then and holds
 * no other post, else one who was a full member by then (holding a post elsewhere), else any full member.
 */
function pickOrdinary(rng: Rng, candidates: readonly PersonDraft[], by: number, exclude: ReadonlySet<PersonDraft>): PersonDraft | null {
  const eligible = candidates.filter((p) => p.fullDay !== null && !p.person.isMobile && !exclude.has(p));
  const ready = eligible.filter((p) => p.fullDay !== null && p.fullDay <= by);
  const readyFree = ready.filter((p) => !p.holdsPost);
  const free = eligible.filter((p) => !p.holdsPost);
  const pool = readyFree.length > 0 ? readyFree : ready.length > 0 ? ready : free.length > 0 ? free : eligible;
  return pool.length > 0 ? rng.pick(pool) : null;
}

interface BuildLevels {
  parent: OrgDraft;
  root: OrgDraft;
}

/** Builds one branch with its people, groups and posts; returns the number of party-related people. */
function buildBranch(ctx: Ctx, plan: BranchPlan, levels: BuildLevels, code: string, sortOrder: number): number {
  const { rng, today } = ctx;
  const parent = levels.parent;
  const o = plan.override;
  const foundedDay = between(rng, parent.foundedDay, Math.max(parent.foundedDay, addYears(today, -4)));
  const hasCommittee = plan.committee > 0;
  const termStartDay = hasCommittee ? (o?.termStart?.(today) ?? healthyTermStart(ctx, 3, foundedDay)) : null;
  const branch = createOrg(ctx, {
    code,
    name: plan.type === 'retiree' ? '退休职工党支部' : plan.name,
    shortName: plan.type === 'retiree' ? '退休职工党支部' : plan.shortName,
    kind: 'branch',
    parent,
    sortOrder,
    businessUnit: plan.businessUnit,
    foundedDay,
    termStartDay,
    termYears: 3,
    committeeNote: o?.committeeNote ?? null,
  });

  const retired = plan.type === 'retiree';
  const base = {
    staff: plan.staff,
    businessUnit: plan.businessUnit,
    branchCode: code,
    isRetired: retired,
  };
  const male = MALE_SHARE[plan.type];
  const gender = (share: number): Gender => (rng.chance(share) ? 'male' : 'female');
  const leaderBefore = addYears(today, -6);

  const branchLeaders: PersonDraft[] = plan.leaders.map((l) =>
    makePerson(ctx, {
      ...base,
      status: 'full',
      gender: gender(0.8),
      ageMin: l.ageMin,
      ageMax: l.ageMax,
      jobTitle: l.jobTitle,
      isCadre: true,
      joinedBefore: leaderBefore,
    }),
  );
  const hosted: Array<{ spec: LeaderSpec; draft: PersonDraft }> = plan.hosted.map((l) => ({
    spec: l,
    draft: makePerson(ctx, {
      ...base,
      status: 'full',
      gender: gender(0.8),
      ageMin: l.ageMin,
      ageMax: l.ageMax,
      jobTitle: l.jobTitle,
      isCadre: true,
      joinedBefore: leaderBefore,
    }),
  }));
  const full: PersonDraft[] = [...branchLeaders, ...hosted.map((h) => h.draft)];
  // A retired former secretary of another branch joins this (retiree) branch.
  const formers: Array<{ pending: PendingFormerSecretary; draft: PersonDraft }> = [];
  if (retired) {
    for (const pending of ctx.pendingFormerSecretaries.splice(0)) {
      const draft = makePerson(ctx, {
        ...base,
        status: 'full',
        gender: 'male',
        ageMin: 60,
        ageMax: 60,
        jobTitle: '退休职工',
        isCadre: false,
        joinedBefore: leaderBefore,
        birthDay: addYears(pending.endDay, -60),
      });
      formers.push({ pending, draft });
      full.push(draft);
    }
  }
  while (full.length < plan.full) {
    const g = gender(male);
    full.push(
      makePerson(ctx, {
        ...base,
        status: 'full',
        gender: g,
        ageMin: retired ? (g === 'male' ? 60 : 55) : 24,
        ageMax: retired ? 86 : 59,
        jobTitle: retired ? '退休职工' : null,
        isCadre: false,
        joinedBefore: null,
      }),
    );
  }
  const others = (status: PartyStatus, count: number, ageMin: number, ageMax: number): PersonDraft[] =>
    Array.from({ length: count }, () =>
      makePerson(ctx, {
        ...base,
        status,
        gender: gender(male),
        ageMin,
        ageMax,
        jobTitle: null,
        isCadre: false,
        joinedBefore: null,
      }),
    );
  const probationary = others('probationary', plan.probationary, 22, 40);
  const activists = others('activist', plan.activist, 21, 36);
  const candidates = others('candidate', plan.candidate, 22, 38);
  const applicants = others('applicant', plan.applicant, 19, 35);

  // Posts of the general branch and the committee held by people of this branch.
  for (const h of hosted) {
    const target = h.spec.level === 'root' ? levels.root : levels.parent;
    if (h.spec.post !== null) {
      addPost(ctx, target.org.code, h.draft, h.spec.post, target.termStartDay ?? target.foundedDay, null);
    }
  }

  // The branch's own posts.
  if (hasCommittee && termStartDay !== null) {
    const kinds = o?.noSecretary ? seatKinds(plan.committee + 1, plan.withDeputy).slice(1) : seatKinds(plan.committee, plan.withDeputy);
    let next = 0;
    const seated = new Set<PersonDraft>();
    for (const kind of kinds) {
      const holder = next < branchLeaders.length ? at(branchLeaders, next++) : pickOrdinary(rng, full, termStartDay, seated);
      if (holder !== null) {
        seated.add(holder);
        addPost(ctx, code, holder, kind, termStartDay, null);
      }
    }
    if (o?.formerSecretaryRetired) {
      ctx.pendingFormerSecretaries.push({ orgCode: code, startDay: termStartDay, endDay: today - 95 });
    }
  } else if (!o?.noSecretary) {
    const holder = branchLeaders[0] ?? pickOrdinary(rng, full, today, new Set());
    if (holder !== null) {
      const lo = Math.max(foundedDay, holder.fullDay ?? foundedDay, addYears(today, -5));
      addPost(ctx, code, holder, 'secretary', between(rng, lo, today - 30), null);
    }
  }
  for (const f of formers) {
    addPost(ctx, f.pending.orgCode, f.draft, 'secretary', f.pending.startDay, f.pending.endDay);
  }

  // Party groups: full and probationary members are spread over them; each has a leader.
  if (plan.groups > 0) {
    const members = rng.shuffle([...full, ...probationary]);
    const groups: Array<{ draft: OrgDraft; members: PersonDraft[] }> = [];
    for (let k = 1; k <= plan.groups; k++) {
      const groupFounded = between(rng, foundedDay, Math.max(foundedDay, addYears(today, -1)));
      const draft = createOrg(ctx, {
        code: `${code}-${k}`,
        name: `第${cnNumber(k)}党小组`,
        shortName: `第${cnNumber(k)}党小组`,
        kind: 'group',
        parent: branch,
        sortOrder: k,
        businessUnit: plan.businessUnit,
        foundedDay: groupFounded,
        termStartDay: null,
        termYears: null,
        committeeNote: null,
      });
      groups.push({ draft, members: [] });
    }
    members.forEach((m, i) => {
      const group = at(groups, i % groups.length);
      m.person.groupCode = group.draft.org.code;
      group.members.push(m);
    });
    for (const group of groups) {
      const preferred = group.members.filter(
        (m) => m.person.jobTitle === '班组长' && m.fullDay !== null && !m.holdsPost && !m.person.isMobile,
      );
      const holder = preferred.length > 0 && rng.chance(0.6) ? rng.pick(preferred) : pickOrdinary(rng, group.members, today, new Set());
      const chosen = holder ?? group.members.find((m) => m.fullDay !== null) ?? null;
      if (chosen !== null) {
        const lo = Math.max(group.draft.foundedDay, chosen.fullDay ?? group.draft.foundedDay, addYears(today, -4));
        addPost(ctx, group.draft.org.code, chosen, 'group_leader', between(rng, lo, today - 20), null);
      }
    }
  }
  return full.length + probationary.length + activists.length + candidates.length + applicants.length;
}

interface EnterpriseInput {
  plan: EnterprisePlan;
  root: OrgDraft;
  prefix: string;
  /** Sort order of the first general branch under the root. */
  firstSortOrder: number;
}

function buildEnterprise(ctx: Ctx, input: EnterpriseInput): void {
  const { rng, today } = ctx;
  const { plan, root, prefix } = input;
  let branchNo = 0;
  let partyCount = 0;
  const unitWeights: Array<readonly [UnitPlan, number]> = [];
  plan.units.forEach((unit, ui) => {
    const fixedFounded = dayOfYear(unit.foundedYear, 1, 1) + rng.int(0, 364);
    const foundedDay = Math.min(Math.max(fixedFounded, root.foundedDay), Math.max(root.foundedDay, addYears(today, -8)));
    const gb = createOrg(ctx, {
      code: `${prefix}G${pad(ui + 1, 2)}`,
      name: `${unit.unit}党总支`,
      shortName: `${unit.unit}党总支`,
      kind: 'general_branch',
      parent: root,
      sortOrder: input.firstSortOrder + ui,
      businessUnit: unit.unit,
      foundedDay,
      termStartDay: healthyTermStart(ctx, 3, foundedDay),
      termYears: 3,
      committeeNote: null,
    });
    unit.branches.forEach((b, bi) => {
      branchNo++;
      partyCount += buildBranch(ctx, b, { parent: gb, root }, `${prefix}B${pad(branchNo, 3)}`, bi + 1);
    });
    unitWeights.push([unit, unit.branches.reduce((sum, b) => sum + b.full, 0)]);
  });
  plan.direct.forEach((b, di) => {
    branchNo++;
    partyCount += buildBranch(
      ctx,
      b,
      { parent: root, root },
      `${prefix}B${pad(branchNo, 3)}`,
      input.firstSortOrder + plan.units.length + di,
    );
  });

  // Non-members (群众): employees of the units, no branch.
  const units = weighted(unitWeights);
  const branchTables = new Map<UnitPlan, Weighted<BranchPlan>>(
    plan.units.map((u) => [u, weighted(u.branches.map((b) => [b, b.full] as const))]),
  );
  const nonMembers = Math.max(0, plan.peopleTarget - partyCount);
  for (let i = 0; i < nonMembers; i++) {
    const unit = rng.from(units);
    const table = branchTables.get(unit);
    if (table === undefined) {
      continue;
    }
    const b = rng.from(table);
    const cadre = rng.chance(0.008);
    makePerson(ctx, {
      status: 'non_member',
      gender: rng.chance(MALE_SHARE[b.type]) ? 'male' : 'female',
      ageMin: cadre ? 32 : 20,
      ageMax: cadre ? 55 : 58,
      jobTitle: cadre ? '副主任' : null,
      staff: b.staff,
      isCadre: cadre,
      isRetired: false,
      businessUnit: unit.unit,
      branchCode: null,
      joinedBefore: null,
    });
  }
}

function createCommittee(
  ctx: Ctx,
  code: string,
  name: string,
  shortName: string,
  businessUnit: string,
  parent: OrgDraft | null,
  sortOrder: number,
  foundedYear: number,
): OrgDraft {
  const { rng, today } = ctx;
  const foundedDay = Math.min(
    Math.max(dayOfYear(foundedYear, 1, 1) + rng.int(0, 364), parent?.foundedDay ?? Number.NEGATIVE_INFINITY),
    addYears(today, -30),
  );
  return createOrg(ctx, {
    code,
    name,
    shortName,
    kind: 'committee',
    parent,
    sortOrder,
    businessUnit,
    foundedDay,
    termStartDay: healthyTermStart(ctx, 5, foundedDay),
    termYears: 5,
    committeeNote: null,
  });
}

function markMobile(ctx: Ctx, count: number): void {
  const { rng } = ctx;
  const candidates = ctx.people.filter((p) => p.person.partyStatus === 'full' && !p.holdsPost && !p.person.isRetired && !p.person.isCadre);
  const usedBranches = new Set<string | null>();
  let marked = 0;
  for (let tries = 0; marked < count && tries < count * 50 && candidates.length > 0; tries++) {
    const p = rng.pick(candidates);
    if (p.person.isMobile || usedBranches.has(p.person.branchCode)) {
      continue;
    }
    p.person.isMobile = true;
    usedBranches.add(p.person.branchCode);
    marked++;
  }
}

function assignEmployeeNumbers(ctx: Ctx): void {
  const { rng } = ctx;
  const n = ctx.people.length;
  // Older people were hired earlier and so have lower numbers (with some noise). Sort (key, index) pairs packed
  // into one float so a typed-array sort can be used (fast at 100,000 people).
  const packed = new Float64Array(n);
  ctx.people.forEach((p, i) => {
    packed[i] = (p.birthDay + rng.int(-1800, 1800) + 100_000) * 1_048_576 + i;
  });
  packed.sort();
  const maxGap = Math.max(1, Math.min(20, Math.floor(899_999 / Math.max(1, n))));
  let number = 100_000;
  for (const value of packed) {
    number += rng.int(1, maxGap);
    at(ctx.people, value % 1_048_576).person.employeeNo = `DQ${pad(number, 6)}`;
  }
}

const POST_RANK: Readonly<Record<PostKind, number>> = {
  secretary: 0,
  deputy_secretary: 1,
  organization_member: 2,
  propaganda_member: 3,
  discipline_member: 4,
  committee_member: 5,
  group_leader: 6,
};

function finish(ctx: Ctx, mobileCount: number): DemoEnterprise {
  markMobile(ctx, mobileCount);
  assignEmployeeNumbers(ctx);
  const orgIndex = new Map<string, number>(ctx.orgs.map((o, i) => [o.code, i]));
  const posts = [...ctx.posts].sort(
    (a, b) =>
      (orgIndex.get(a.orgCode) ?? 0) - (orgIndex.get(b.orgCode) ?? 0) ||
      (a.endDay === null ? 0 : 1) - (b.endDay === null ? 0 : 1) ||
      POST_RANK[a.post] - POST_RANK[b.post],
  );
  return {
    orgs: ctx.orgs,
    people: ctx.people.map((p) => p.person),
    posts: posts.map((p) => ({
      orgCode: p.orgCode,
      employeeNo: p.holder.person.employeeNo,
      post: p.post,
      startOn: formatDay(p.startDay),
      endOn: p.endDay === null ? null : formatDay(p.endDay),
    })),
  };
}

/** Generates a deterministic demo enterprise (organisations, people and posts) for the given seed, scale and day. */
export function generateDemoEnterprise(options: DemoOptions = {}): DemoEnterprise {
  const scale = options.scale ?? 'demo';
  const today = parseDay(options.today ?? DEFAULT_TODAY);
  const ctx: Ctx = {
    rng: new Rng(options.seed ?? DEFAULT_SEED),
    today,
    orgs: [],
    people: [],
    posts: [],
    phones: new Set<number>(),
    pendingFormerSecretaries: [],
  };
  const { rng } = ctx;
  switch (scale) {
    case 'demo': {
      const plan = demoPlan(rng);
      const root = createCommittee(ctx, 'C01', '示例铝业有限公司党委', '公司党委', '示例铝业有限公司', null, 1, 1958);
      buildEnterprise(ctx, { plan, root, prefix: '', firstSortOrder: 1 });
      return finish(ctx, 6);
    }
    case 'enterprise': {
      const plan = genericPlan(rng, {
        units: enterpriseUnits(rng),
        branchesPerUnit: [6, 8],
        targetFull: 2050,
        peopleTarget: 3000,
        retireeFull: 46,
      });
      const root = createCommittee(ctx, 'C01', '示例铝业有限公司党委', '公司党委', '示例铝业有限公司', null, 1, 1958);
      buildEnterprise(ctx, { plan, root, prefix: '', firstSortOrder: 1 });
      return finish(ctx, 8);
    }
    case 'group': {
      const grp = createCommittee(ctx, 'GRP', '示例铝业集团有限公司党委', '集团党委', '示例铝业集团有限公司', null, 1, 1955);
      const hq = genericPlan(rng, {
        units: [['集团机关', 'admin']],
        branchesPerUnit: [8, 8],
        targetFull: 140,
        peopleTarget: 400,
        retireeFull: null,
      });
      buildEnterprise(ctx, { plan: hq, root: grp, prefix: 'GRP-', firstSortOrder: 1 });
      GROUP_ENTERPRISES.forEach(([company, short], i) => {
        const code = `C${pad(i + 1, 2)}`;
        const root = createCommittee(ctx, code, `${company}党委`, short, company, grp, i + 2, rng.int(1956, 1995));
        const plan = genericPlan(rng, {
          units: enterpriseUnits(rng),
          branchesPerUnit: [5, 8],
          targetFull: 1500,
          peopleTarget: 4980,
          retireeFull: rng.int(30, 46),
        });
        buildEnterprise(ctx, { plan, root, prefix: `${code}-`, firstSortOrder: 1 });
      });
      return finish(ctx, 0.0025 * ctx.people.length);
    }
    default: {
      const unknown: never = scale;
      throw new RangeError(`unknown scale '${String(unknown)}'`);
    }
  }
}
