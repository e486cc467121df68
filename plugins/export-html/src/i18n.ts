/** The report's own words, in one language. */
export interface UiStrings {
  /** Name of the language, as shown on its switch button. */
  languageName: string;
  edition: string;
  units: string;
  dimensions: string;
  indicators: string;
  periods: string;
  overview: string;
  ranking: string;
  rankingChart: string;
  rankingTable: string;
  search: string;
  searchHint: string;
  noMatch: string;
  rank: string;
  score: string;
  unit: string;
  index: string;
  leader: string;
  biggestRiser: string;
  map: string;
  mapNote: string;
  mapMissing: string;
  profiles: string;
  profileOf: string;
  chooseUnit: string;
  node: string;
  level: string;
  strengths: string;
  weaknesses: string;
  peers: string;
  median: string;
  noProfile: string;
  heatmap: string;
  heatmapNote: string;
  framework: string;
  frameworkNote: string;
  weight: string;
  effectiveWeight: string;
  trends: string;
  slopeNote: string;
  movers: string;
  change: string;
  scoreChange: string;
  driver: string;
  driverNote: string;
  onePeriod: string;
  audit: string;
  noAnalysis: string;
  noFlags: string;
  severity: string;
  check: string;
  code: string;
  subjects: string;
  message: string;
  method: string;
  steps: string;
  stage: string;
  plugin: string;
  options: string;
  provenance: string;
  specHash: string;
  dataHash: string;
  engine: string;
  ties: string;
  sources: string;
  source: string;
  observations: string;
  illustrative: string;
  licences: string;
  hashes: string;
  defaults: string;
  plugins: string;
  issues: string;
  noIssues: string;
  notice: string;
  illustrativeCount: string;
  generatedBy: string;
  missing: string;
  up: string;
  down: string;
  /** The uncertainty section's heading. */
  uncertainty: string;
  uncertaintyAnalysis: string;
  sensitivityAnalysis: string;
  monteCarloDesign: string;
  saltelliDesign: string;
  suppliedDesign: string;
  /** An analysis and its design: `Uncertainty analysis (Monte Carlo design)`. */
  analysisWithDesign: (analysis: string, design: string) => string;
  /** The overview sentence, from numbers already formatted. */
  uncertaintyOverview: (o: {
    runs: string;
    shift: string;
    share: string;
    within: string;
    failed: string;
  }) => string;
  nominalRank: string;
  medianRank: string;
  /** The interval's column heading, from its percentiles: `5–95 % interval`. */
  rankInterval: (low: string, high: string) => string;
  /** P(top k)'s column heading. */
  topProbability: (k: number) => string;
  rankRange: string;
  rankRangeNote: string;
  inputs: string;
  input: string;
  varies: string;
  alternatives: string;
  choices: string;
  /** Where an input acts: a pipeline step (1-based) and its stage. */
  stepInput: (step: number, stage: string) => string;
  weightsInput: string;
  excludeInput: string;
  sensitivity: string;
  /** The note on the Sobol indices: the intervals' coverage in percent (`90`) and the bootstrap resamples. */
  sobolNote: (coverage: string, resamples: string) => string;
  firstOrder: string;
  totalEffect: string;
  /** A bootstrap interval's column heading from its coverage in percent: `90 % interval`. */
  bootstrapInterval: (coverage: string) => string;
}

/**
 * The report's words in English and Chinese; sentences and headings with numbers in them are functions of the
 * numbers, already formatted. Other languages of a spec use the English words.
 */
export const UI: Readonly<Record<"en" | "zh", UiStrings>> = {
  en: {
    languageName: "English",
    edition: "Edition",
    units: "Cities",
    dimensions: "Dimensions",
    indicators: "Indicators",
    periods: "Periods",
    overview: "Overview",
    ranking: "Ranking",
    rankingChart: "Index scores, best first",
    rankingTable: "Scores and ranks of the index and each dimension. Click a column heading to sort.",
    search: "Search",
    searchHint: "Filter by name",
    noMatch: "No match",
    rank: "Rank",
    score: "Score",
    unit: "City",
    index: "Index",
    leader: "Leader",
    biggestRiser: "Biggest riser",
    map: "Map",
    mapNote: "Each city at its coordinates; the larger and darker the dot, the higher the index score.",
    mapMissing: "Not shown (no coordinates)",
    profiles: "City profiles",
    profileOf: "Profile",
    chooseUnit: "Choose a city",
    node: "Component",
    level: "Level",
    strengths: "Strengths",
    weaknesses: "Weaknesses",
    peers: "Nearest in rank",
    median: "Median of all cities",
    noProfile: "Strengths and weaknesses come with the statistical audit (run `cityindex build`).",
    heatmap: "Indicator heatmap",
    heatmapNote: "Normalised value of every indicator, cities ordered by index rank.",
    framework: "Framework",
    frameworkNote: "The tree from indicators to the index; each slice's size is its effective weight.",
    weight: "Weight",
    effectiveWeight: "Effective weight",
    trends: "Year over year",
    slopeNote: "Index ranks in the first and the latest period.",
    movers: "Biggest movers",
    change: "Change",
    scoreChange: "Score change",
    driver: "Largest contribution",
    driverNote:
      "Largest contribution: the child of the index whose part in the change of score is largest (the parts add up to the change).",
    onePeriod: "Only one period: no changes over time to show.",
    audit: "Audit flags",
    noAnalysis: "No statistical audit is attached to this result (`cityindex build` attaches one).",
    noFlags: "The statistical audit raised no flags.",
    severity: "Severity",
    check: "Check",
    code: "Code",
    subjects: "Concerns",
    message: "Finding",
    method: "Method and provenance",
    steps: "Pipeline steps",
    stage: "Stage",
    plugin: "Plugin",
    options: "Options",
    provenance: "Provenance",
    specHash: "Spec hash (SHA-256)",
    dataHash: "Data hash (SHA-256)",
    engine: "Engine",
    ties: "Ties in ranks",
    sources: "Sources",
    source: "Source",
    observations: "Observations",
    illustrative: "Illustrative",
    licences: "Licences",
    hashes: "Content hashes",
    defaults: "Engine defaults",
    plugins: "Plugins",
    issues: "Issues of the build",
    noIssues: "No warnings or notes.",
    notice: "Notice",
    illustrativeCount: "observations are marked illustrative (not measured) by their source",
    generatedBy: "Made with",
    missing: "missing",
    up: "up",
    down: "down",
    uncertainty: "Uncertainty",
    uncertaintyAnalysis: "Uncertainty analysis",
    sensitivityAnalysis: "Sensitivity analysis",
    monteCarloDesign: "Monte Carlo design",
    saltelliDesign: "Saltelli's design",
    suppliedDesign: "supplied design",
    analysisWithDesign: (analysis, design) => `${analysis} (${design})`,
    uncertaintyOverview: (o) =>
      `Over ${o.runs} runs, ranks moved ${o.shift} places from the nominal rank on average; ${o.share} of ranks stayed within ${o.within} places of it; ${o.failed} run${o.failed === "1" ? "" : "s"} failed.`,
    nominalRank: "Nominal rank",
    medianRank: "Median rank",
    rankInterval: (low, high) => `${low}–${high} % interval`,
    topProbability: (k) => `P(top ${k})`,
    rankRange: "Ranks over the runs",
    rankRangeNote:
      "Each bar spans the interval on the rank axis, rank 1 at the left; the line marks the median rank, the dot the nominal rank.",
    inputs: "Uncertain inputs",
    input: "Input",
    varies: "Varies",
    alternatives: "Alternatives",
    choices: "Choices",
    stepInput: (step, stage) => `step ${step}${stage ? ` (${stage})` : ""}`,
    weightsInput: "weights",
    excludeInput: "left-out components",
    sensitivity: "Sensitivity: Sobol indices",
    sobolNote: (coverage, resamples) =>
      `First-order (Saltelli et al. 2010) and total (Jansen 1999) Sobol indices of the analysis's output, with ${coverage} % bootstrap intervals${resamples ? ` (${resamples} resamples)` : ""}.`,
    firstOrder: "First order",
    totalEffect: "Total",
    bootstrapInterval: (coverage) => `${coverage} % interval`,
  },
  zh: {
    languageName: "中文",
    edition: "版本",
    units: "城市",
    dimensions: "维度",
    indicators: "指标",
    periods: "年份",
    overview: "概览",
    ranking: "排名",
    rankingChart: "指数得分（由高到低）",
    rankingTable: "指数及各维度的得分与排名。点击列标题可排序。",
    search: "搜索",
    searchHint: "按名称筛选",
    noMatch: "无匹配结果",
    rank: "排名",
    score: "得分",
    unit: "城市",
    index: "指数",
    leader: "榜首",
    biggestRiser: "上升最多",
    map: "地图",
    mapNote: "各城市按经纬度标注；圆点越大、颜色越深，指数得分越高。",
    mapMissing: "未显示（无经纬度）",
    profiles: "城市画像",
    profileOf: "画像",
    chooseUnit: "选择城市",
    node: "组成部分",
    level: "层级",
    strengths: "优势",
    weaknesses: "短板",
    peers: "排名相近",
    median: "全部城市中位数",
    noProfile: "优势与短板来自统计审计（运行 `cityindex build`）。",
    heatmap: "指标热力图",
    heatmapNote: "各指标的标准化值，城市按指数排名排序。",
    framework: "指标体系",
    frameworkNote: "从指标到指数的层级结构；扇区大小为有效权重。",
    weight: "权重",
    effectiveWeight: "有效权重",
    trends: "年度变化",
    slopeNote: "首个年份与最新年份的指数排名。",
    movers: "变动最大",
    change: "变化",
    scoreChange: "得分变化",
    driver: "最大贡献",
    driverNote: "最大贡献：在得分变化中所占部分最大的下一级节点（各部分之和等于得分变化）。",
    onePeriod: "只有一个年份，无法显示变化。",
    audit: "审计提示",
    noAnalysis: "此结果未附统计审计（`cityindex build` 会附上）。",
    noFlags: "统计审计未发现问题。",
    severity: "级别",
    check: "检查",
    code: "代码",
    subjects: "涉及",
    message: "发现",
    method: "方法与来源",
    steps: "计算步骤",
    stage: "阶段",
    plugin: "插件",
    options: "选项",
    provenance: "来源记录",
    specHash: "规格哈希（SHA-256）",
    dataHash: "数据哈希（SHA-256）",
    engine: "引擎",
    ties: "并列排名规则",
    sources: "数据来源",
    source: "来源",
    observations: "观测值",
    illustrative: "示例",
    licences: "许可",
    hashes: "内容哈希",
    defaults: "引擎默认值",
    plugins: "插件",
    issues: "构建提示",
    noIssues: "没有警告或提示。",
    notice: "声明",
    illustrativeCount: "个观测值被其来源标为示例数据（非实测）",
    generatedBy: "生成工具",
    missing: "缺失",
    up: "上升",
    down: "下降",
    uncertainty: "不确定性",
    uncertaintyAnalysis: "不确定性分析",
    sensitivityAnalysis: "敏感性分析",
    monteCarloDesign: "蒙特卡洛设计",
    saltelliDesign: "Saltelli 设计",
    suppliedDesign: "给定设计",
    analysisWithDesign: (analysis, design) => `${analysis}（${design}）`,
    uncertaintyOverview: (o) =>
      `共 ${o.runs} 次运行，排名平均偏离名义排名 ${o.shift} 位；${o.share} 的排名与名义排名相差不超过 ${o.within} 位；${o.failed} 次运行失败。`,
    nominalRank: "名义排名",
    medianRank: "排名中位数",
    rankInterval: (low, high) => `${low}–${high}% 区间`,
    topProbability: (k) => `进入前 ${k} 名的概率`,
    rankRange: "各次运行的排名",
    rankRangeNote: "条形为排名轴上的区间（左端为第 1 名）；竖线为排名中位数，圆点为名义排名。",
    inputs: "不确定输入",
    input: "输入",
    varies: "变动对象",
    alternatives: "备选数",
    choices: "备选项",
    stepInput: (step, stage) => `第 ${step} 步${stage ? `（${stage}）` : ""}`,
    weightsInput: "权重",
    excludeInput: "剔除的组成部分",
    sensitivity: "敏感性：Sobol 指数",
    sobolNote: (coverage, resamples) =>
      `分析输出的一阶 Sobol 指数（Saltelli 等，2010）与总效应指数（Jansen，1999），附 ${coverage}% 自助法区间${resamples ? `（重抽样 ${resamples} 次）` : ""}。`,
    firstOrder: "一阶指数",
    totalEffect: "总效应指数",
    bootstrapInterval: (coverage) => `${coverage}% 区间`,
  },
};

/** The report's words in a language: its own when there are some, else English. */
export function uiStrings(language: string): UiStrings {
  const base = language.split("-")[0]!.toLowerCase();
  return base === "zh" ? UI.zh : UI.en;
}
