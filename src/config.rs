//! Options for one analysis and the rules (thresholds, word lists, synonyms), with
//! documented defaults. Every field has a default, so a caller (or a JSON config file)
//! gives only what it changes.

use serde::{Deserialize, Serialize};

/// Options for [`crate::analyze`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Options {
    /// Force an input format instead of detecting it.
    pub format: Option<crate::input::Format>,
    /// Override the report's elapsed share of the year (0 < p ≤ 1), e.g. 0.5 for 上半年.
    pub period: Option<f64>,
    /// The label to show with an overridden period ("上半年"); derived from `period` when absent.
    pub period_label: Option<String>,
    /// The file name the input came from, if any (helps sniffing; never trusted alone).
    pub file_name: Option<String>,
    /// Thresholds and word lists.
    pub rules: Rules,
}

/// Thresholds, word lists and column synonyms. Defaults are the documented ones.
///
/// Word lists are matched as plain substrings; an entry may hold one gap written `*`
/// (`未*下达` matches "暂未对重庆市下达": 未, up to 10 chars, then 下达, within one clause).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Rules {
    /// A missed target whose shortfall is under this share of the target is a near miss
    /// (yellow, not red). Default 0.1 (10 %).
    pub near_miss: f64,
    /// A cumulative target met while at least this share of the year is still to run is
    /// flagged `exceeded` (info). Default 0.25 (met by the end of the third quarter).
    pub exceeded_margin: f64,
    /// Words admitting trouble that make a row red. Default: 难度大, 未实现, 未完成, 停工,
    /// 暂缓, 资金未落实, 未通过, 问题：, 未*下达, 待*资金到位, 受*影响, … (see `Rules::default`).
    pub risk_strong: Vec<String>,
    /// Words admitting trouble that make a row yellow. Default: 进度缓慢, 暂未, 尚未, 滞后, 存在困难, ….
    pub risk_weak: Vec<String>,
    /// Phrases that contain a risk word but report routine work, not trouble; a risk word
    /// inside one of these is ignored. Default: 责令停产, 停产整顿, 停业整顿, 未发生, ….
    pub risk_exceptions: Vec<String>,
    /// Words saying an admitted problem is already solved; a risk word followed by one of
    /// these in the same sentence is ignored ("未通过问题已全部完成"). Default: 已全部完成, 已解决, ….
    pub risk_resolved: Vec<String>,
    /// Indicators for which a decline is good news (no `negative_growth`): 能耗, 排放,
    /// 事故, 死亡, 追加, 浓度, 失业, 债务, 亏损, 隐患, 投诉, 超标, 污染, 成本, ….
    pub decline_good: Vec<String>,
    /// Words marking a figure as an estimate, not an outcome. Default: 预计, 预估, 估计.
    pub estimate_words: Vec<String>,
    /// Words saying a figure counts something not (yet) achieved — applied for, in the
    /// pipeline, started, planned — so it is not compared with a target to reach.
    /// The nearest such word or [`Rules::done_words`] word before the figure decides.
    /// Default: 申报, 推荐, 入库, 启动, 推动, 计划, 拟, 争取, 批复, 选址, ….
    pub pending_words: Vec<String>,
    /// Words saying a figure is achieved; they override a pending word before them.
    /// Default: 完成, 建成, 完工, 新增, 实现, 成功申报, 申报成功, 获批, 引育, ….
    pub done_words: Vec<String>,
    /// Words right after a figure that say it counts a stage, not completion
    /// ("10座公厕完成主体建设"). Default: 主体, 基础, 前期, 选址, 设计, 方案.
    pub stage_words: Vec<String>,
    /// Other names of an indicator, compared as if written out (`{"固投": ["固定资产投资"]}`).
    /// Default: 固投, FDI, GDP, 社零, 规上.
    pub aliases: std::collections::BTreeMap<String, Vec<String>>,
    /// Two tasks whose similarity (0–1, character bigrams) reaches this are duplicates. Default 0.9.
    pub duplicate_similarity: f64,
    /// Extra header synonyms per column role, added to the built-in ones
    /// (e.g. `{"units": ["责任部门"]}`).
    pub synonyms: std::collections::BTreeMap<String, Vec<String>>,
}

impl Default for Rules {
    fn default() -> Self {
        let words = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
        let aliases = [
            ("固投", &["固定资产投资"][..]),
            ("FDI", &["实际使用外资", "实际利用外资"][..]),
            ("GDP", &["地区生产总值"][..]),
            ("社零", &["社会消费品零售总额"][..]),
            ("规上", &["规模以上"][..]),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), words(v)))
        .collect();
        Rules {
            near_miss: 0.1,
            exceeded_margin: 0.25,
            risk_strong: words(&[
                "难度大",
                "难度较大",
                "难以完成",
                "难以实现",
                "难保障",
                "未实现",
                "未完成",
                "无法完成",
                "停工",
                "停产",
                "暂缓",
                "暂停",
                "搁置",
                "资金未落实",
                "资金未到位",
                "待*资金到位",
                "待*资金落实",
                "正落实*资金",
                "经费到位后",
                "未通过",
                "未纳入",
                "未获批",
                "不同意",
                "暂不确定",
                "未*下达",
                "待*下达",
                "受*影响",
                "因*影响",
                "超过*上限",
                "问题：",
                "问题:",
                "严重滞后",
            ]),
            risk_weak: words(&["进度缓慢", "暂未", "尚未", "滞后", "存在困难", "有待加强"]),
            risk_exceptions: words(&["责令停产", "停产整顿", "停产停业", "停业整顿", "未发生", "未成年"]),
            risk_resolved: words(&["已全部完成", "已全部整改", "已整改到位", "已解决", "已消除", "已化解"]),
            decline_good: words(&[
                "能耗", "排放", "事故", "死亡", "追加", "浓度", "PM", "失业", "负债", "债务", "亏损", "隐患", "投诉",
                "超标", "污染", "成本", "发案", "案件", "煤耗", "水耗", "返贫", "欠薪", "碳",
            ]),
            estimate_words: words(&["预计", "预估", "估计"]),
            pending_words: words(&[
                "申报", "推荐", "入库", "启动", "推动", "计划", "拟", "争取", "批复", "选址", "在建", "招标", "储备",
                "待",
            ]),
            done_words: words(&[
                "完成",
                "建成",
                "完工",
                "新增",
                "实现",
                "成功申报",
                "申报成功",
                "获批",
                "引育",
                "投用",
                "投运",
                "开展",
                "发放",
                "举办",
                "已建",
                "达到",
                "累计",
            ]),
            stage_words: words(&["主体", "基础", "前期", "选址", "设计", "方案"]),
            aliases,
            duplicate_similarity: 0.9,
            synonyms: Default::default(),
        }
    }
}
