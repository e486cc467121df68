import { parseLexicon } from "./lexicon.js";

/**
 * The seed Chinese sentiment lexicon, as TSV (`word<TAB>score`, scores from -5 to 5 like AFINN's). About three
 * hundred common words of praise and complaint as they appear in posts and reviews about cities: travel,
 * food, transport, service, environment, safety. Written for this package as a starting point and for its
 * tests. **It is a seed, not a validated resource**: no annotation study stands behind the words or their
 * scores, and it misses most of the vocabulary of real posts. For measurement, plug in a validated lexicon
 * (option `lexicon`) or a better classifier.
 */
export const ZH_SEED_LEXICON_TSV: string = `# cityindex seed Chinese sentiment lexicon, v0.1 (a seed, not a validated resource)
# word<TAB>score on -5..5
# positive: quality and beauty
好	2
棒	3
不错	2
优秀	3
出色	3
精彩	3
一流	3
顶级	3
优质	2
良好	2
完美	4
完善	2
卓越	3
杰出	3
非凡	3
了不起	3
伟大	3
辉煌	3
美	2
美丽	3
漂亮	3
美好	3
优美	3
秀丽	3
壮丽	3
壮观	3
绚丽	3
灿烂	2
迷人	3
可爱	3
好看	2
精致	2
优雅	2
浪漫	2
美不胜收	4
赏心悦目	3
心旷神怡	3
名不虚传	3
古色古香	2
历史悠久	2
有特色	2
独特	2
神奇	2
奇妙	2
美妙	3
震撼	3
惊艳	3
惊喜	3
惊叹	3
难忘	3
值得	2
值得一去	3
推荐	2
强烈推荐	4
满分	4
五星	3
好评	2
点赞	2
赞	3
厉害	2
给力	2
酷	2
# positive: feelings
喜欢	2
喜爱	3
热爱	3
爱	3
享受	2
满意	2
开心	3
快乐	3
高兴	3
愉快	3
幸福	3
感动	2
感谢	2
谢谢	2
欣赏	2
佩服	2
赞叹	3
称赞	2
期待	2
向往	2
放心	2
舒心	2
省心	2
惬意	2
自在	2
放松	2
悠闲	2
治愈	2
喜出望外	3
流连忘返	3
有趣	2
好玩	2
有意思	2
# positive: food
好吃	3
美味	3
可口	2
地道	2
正宗	2
新鲜	2
香	1
# positive: service and people
热情	2
友好	2
友善	2
好客	2
亲切	2
礼貌	2
耐心	2
细心	2
用心	2
热心	2
贴心	2
周到	2
专业	2
靠谱	2
诚信	2
可靠	2
大方	1
宾至如归	3
# positive: places and infrastructure
干净	2
整洁	2
干净整洁	3
清洁	2
清新	2
清澈	2
舒服	2
舒适	2
温馨	2
温暖	2
安静	1
宁静	2
安全	2
方便	2
便利	2
便捷	2
快捷	2
高效	2
准时	2
顺利	2
顺畅	2
流畅	2
有序	2
井井有条	2
宜居	3
和谐	2
文明	2
包容	2
开放	2
国际化	2
繁荣	2
繁华	2
发达	2
先进	2
创新	2
进步	2
成功	2
活力	2
充满活力	3
生机勃勃	3
欣欣向荣	3
丰富	2
多彩	2
热闹	1
稳定	1
欢迎	2
# positive: price
便宜	1
实惠	2
划算	2
超值	3
物美价廉	3
亲民	2
# negative: quality
差	-2
坏	-2
糟糕	-3
糟	-2
烂	-3
垃圾	-3
差劲	-3
劣质	-3
恶劣	-3
平庸	-1
一般	-1
普普通通	-1
失败	-2
错	-2
错误	-2
问题	-1
毛病	-2
故障	-2
破旧	-2
破败	-2
陈旧	-1
落后	-2
简陋	-2
丑	-2
丑陋	-3
难看	-2
无聊	-2
乏味	-2
枯燥	-2
没意思	-2
不值	-2
差评	-2
负面	-2
假货	-3
山寨	-2
虚假	-3
离谱	-2
过分	-2
奇葩	-1
# negative: feelings
失望	-2
遗憾	-2
可惜	-1
后悔	-2
讨厌	-3
恶心	-3
难受	-2
痛苦	-3
伤心	-2
难过	-2
悲伤	-2
悲惨	-3
痛心	-3
生气	-2
愤怒	-3
气愤	-3
恼火	-2
不满	-2
抱怨	-2
投诉	-2
无语	-2
崩溃	-3
郁闷	-2
烦	-2
烦人	-2
烦躁	-2
糟心	-2
扫兴	-2
不爽	-2
倒霉	-2
可恶	-3
尴尬	-1
害怕	-2
担心	-2
担忧	-2
焦虑	-2
紧张	-1
压抑	-2
累	-1
辛苦	-1
批评	-2
谴责	-3
# negative: food
难吃	-3
难闻	-2
臭	-2
异味	-2
发霉	-2
变质	-3
# negative: service and people
粗鲁	-3
冷漠	-2
冷淡	-2
无礼	-3
傲慢	-2
敷衍	-2
怠慢	-2
拖延	-2
低效	-2
欺负	-2
歧视	-3
排外	-2
骗	-3
骗子	-3
欺骗	-3
诈骗	-3
上当	-3
受骗	-3
宰客	-3
坑	-2
坑人	-3
黑心	-3
黑店	-3
吃亏	-2
# negative: places and infrastructure
脏	-2
乱	-2
脏乱差	-3
肮脏	-3
混乱	-2
乌烟瘴气	-3
吵	-2
吵闹	-2
嘈杂	-2
噪音	-2
拥挤	-2
人山人海	-1
排队	-1
堵	-2
堵车	-2
拥堵	-2
延误	-2
晚点	-2
缓慢	-1
慢	-1
麻烦	-2
繁琐	-2
不便	-2
困难	-1
危险	-2
可怕	-3
恐怖	-3
事故	-2
灾难	-3
污染	-2
雾霾	-2
潮湿	-1
闷热	-1
荒凉	-2
冷清	-1
贫穷	-2
腐败	-3
犯罪	-3
小偷	-2
偷	-2
抢劫	-3
暴力	-3
威胁	-2
# negative: price
贵	-1
昂贵	-2
`;

/**
 * Built-in Chinese negators and degree adverbs: word → factor applied to the next sentiment word in the same
 * clause (factors multiply when several come before one word; a punctuation mark ends the clause).
 *
 * - Negators, `-1`: 不, 没, 没有, 未, 别, 非, 无, 不是, 并非, 并不, 毫无, 从不, 从未, 绝不, 不会, 没什么, 不算.
 * - Softened negation, `-0.5`: 不太, 不很, 不是很, 不怎么, 不够.
 * - Diminishers, `0.5`: 有点, 有点儿, 有些, 有一点, 稍微, 稍, 略, 略微.
 * - Intensifiers, `1.5`: 很, 挺, 蛮, 真, 真的, 更, 更加, 越来越, 尤其; `2`: 太, 非常, 特别, 十分, 相当,
 *   超, 超级, 格外, 太过; `2.5`: 极, 极其, 极为, 最, 无比.
 */
export const ZH_MODIFIERS: Readonly<Record<string, number>> = Object.freeze({
  不: -1,
  没: -1,
  没有: -1,
  未: -1,
  别: -1,
  非: -1,
  无: -1,
  不是: -1,
  并非: -1,
  并不: -1,
  毫无: -1,
  从不: -1,
  从未: -1,
  绝不: -1,
  不会: -1,
  没什么: -1,
  不算: -1,
  不太: -0.5,
  不很: -0.5,
  不是很: -0.5,
  不怎么: -0.5,
  不够: -0.5,
  有点: 0.5,
  有点儿: 0.5,
  有些: 0.5,
  有一点: 0.5,
  稍微: 0.5,
  稍: 0.5,
  略: 0.5,
  略微: 0.5,
  很: 1.5,
  挺: 1.5,
  蛮: 1.5,
  真: 1.5,
  真的: 1.5,
  更: 1.5,
  更加: 1.5,
  越来越: 1.5,
  尤其: 1.5,
  太: 2,
  非常: 2,
  特别: 2,
  十分: 2,
  相当: 2,
  超: 2,
  超级: 2,
  格外: 2,
  太过: 2,
  极: 2.5,
  极其: 2.5,
  极为: 2.5,
  最: 2.5,
  无比: 2.5,
});

let seed: Map<string, number> | undefined;

/** The seed Chinese lexicon as a map (word → score), parsed once. */
export function zhSeedLexicon(): ReadonlyMap<string, number> {
  seed ??= parseLexicon(ZH_SEED_LEXICON_TSV).words;
  return seed;
}
