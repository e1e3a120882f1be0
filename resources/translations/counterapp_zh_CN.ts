<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>letters first, e.g. liming</source>
        <translation>以字母开头，例如 liming</translation>
    </message>
    <message>
        <source>e.g. 07</source>
        <translation>例如 07</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>Display &amp;name:</source>
        <translation>显示姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation>角色(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Window:</source>
        <translation>窗口(&amp;W)：</translation>
    </message>
    <message>
        <source>Enter a username.</source>
        <translation>请输入用户名。</translation>
    </message>
</context>
<context>
    <name>ApplicantScreen</name>
    <message>
        <source>Applicant screen — window {window}</source>
        <translation>申请人屏幕 — {window} 号窗口</translation>
    </message>
</context>
<context>
    <name>AuditKind</name>
    <message>
        <source>Sign-in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Failed sign-in</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>Sign-out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Locked out</source>
        <translation>账号锁定</translation>
    </message>
    <message>
        <source>Lookup</source>
        <translation>部门查询</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>查看原文</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Case created</source>
        <translation>受理办件</translation>
    </message>
    <message>
        <source>State change</source>
        <translation>状态变更</translation>
    </message>
    <message>
        <source>Consent recorded</source>
        <translation>记录授权</translation>
    </message>
    <message>
        <source>Draft saved</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <source>Key rotated</source>
        <translation>轮换密钥</translation>
    </message>
    <message>
        <source>Audit purged</source>
        <translation>清理审计日志</translation>
    </message>
    <message>
        <source>Rated by the applicant</source>
        <translation>申请人评价</translation>
    </message>
    <message>
        <source>Ticket called or moved</source>
        <translation>叫号及票号变更</translation>
    </message>
</context>
<context>
    <name>AuditLogModel</name>
    <message>
        <source>Seq</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failure</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Case: {case}</source>
        <translation>办件：{case}</translation>
    </message>
    <message>
        <source>Items: {items}</source>
        <translation>数据项：{items}</translation>
    </message>
    <message>
        <source>Departments: {departments}</source>
        <translation>部门：{departments}</translation>
    </message>
</context>
<context>
    <name>AuditLogView</name>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>起始日期(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>截止日期(&amp;T)：</translation>
    </message>
    <message>
        <source>any user</source>
        <translation>任意用户</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>全部事件</translation>
    </message>
    <message>
        <source>Successes and failures</source>
        <translation>成功和失败</translation>
    </message>
    <message>
        <source>Successes only</source>
        <translation>仅成功</translation>
    </message>
    <message>
        <source>Failures only</source>
        <translation>仅失败</translation>
    </message>
    <message>
        <source>case number or words of the detail</source>
        <translation>办件编号或详情中的文字</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>筛选(&amp;A)</translation>
    </message>
    <message>
        <source>Show the records that match (Enter)</source>
        <translation>显示符合条件的记录（回车）</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>清除条件(&amp;L)</translation>
    </message>
    <message>
        <source>Show every record again</source>
        <translation>重新显示全部记录</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>用户(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Event:</source>
        <translation>事件(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Outcome:</source>
        <translation>结果(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>搜索(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Newer records</source>
        <translation>较新的记录(&amp;N)</translation>
    </message>
    <message>
        <source>Load the records above the first row</source>
        <translation>加载第一行之上的较新记录</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>&amp;Verify chain</source>
        <translation>校验日志链(&amp;V)</translation>
    </message>
    <message>
        <source>Check every record&apos;s hash and link ({shortcut})</source>
        <translation>校验每条记录的哈希值和链接（{shortcut}）</translation>
    </message>
    <message>
        <source>Verifying the audit chain…</source>
        <translation>正在校验审计日志链…</translation>
    </message>
    <message>
        <source>Reading the audit log…</source>
        <translation>正在读取审计日志…</translation>
    </message>
    <message>
        <source>Nothing shown</source>
        <translation>无可显示的记录</translation>
    </message>
    <message>
        <source>{checked} of {total}</source>
        <translation>{checked} / {total}</translation>
    </message>
    <message>
        <source>The audit chain is intact: {count} records checked.</source>
        <translation>审计日志完整：已校验 {count} 条记录。</translation>
    </message>
    <message>
        <source>The audit chain is broken: record {seq} was altered.</source>
        <translation>审计日志已被破坏：第 {seq} 条记录被篡改。</translation>
    </message>
    <message>
        <source>The audit chain is broken: record {seq} was deleted.</source>
        <translation>审计日志已被破坏：第 {seq} 条记录被删除。</translation>
    </message>
    <message>
        <source>The audit chain is broken: record {seq} was inserted.</source>
        <translation>审计日志已被破坏：第 {seq} 条记录系插入。</translation>
    </message>
    <message>
        <source>The audit chain is broken: record {seq} is out of order.</source>
        <translation>审计日志已被破坏：第 {seq} 条记录顺序被调换。</translation>
    </message>
    <message>
        <source>{shown} records shown; reading more…</source>
        <translation>已显示 {shown} 条记录，正在读取更多…</translation>
    </message>
    <message>
        <source>No record matches</source>
        <translation>没有符合条件的记录</translation>
    </message>
    <message>
        <source>{shown} records shown; scroll down for older ones</source>
        <translation>已显示 {shown} 条记录，向下滚动查看更早的记录</translation>
    </message>
    <message>
        <source>{shown} records shown</source>
        <translation>已显示 {shown} 条记录</translation>
    </message>
</context>
<context>
    <name>CaseDetailPane</name>
    <message>
        <source>Select a case in the queue</source>
        <translation>请在队列中选择一个办件</translation>
    </message>
    <message>
        <source>&amp;Fields</source>
        <translation>字段(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Materials</source>
        <translation>材料(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Timeline</source>
        <translation>办理过程(&amp;T)</translation>
    </message>
    <message>
        <source>A&amp;udit</source>
        <translation>审计记录(&amp;U)</translation>
    </message>
    <message>
        <source>Rejection reason, or the missing items (one per line: document | why)</source>
        <translation>不予受理的理由，或退回补正的材料（每行一项：材料 | 原因）</translation>
    </message>
    <message>
        <source>User name of the reviewer</source>
        <translation>审核人的用户名</translation>
    </message>
    <message>
        <source>&amp;Start review</source>
        <translation>开始审核(&amp;S)</translation>
    </message>
    <message>
        <source>A&amp;pprove</source>
        <translation>审核通过(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Return for correction</source>
        <translation>退回补正(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>不予受理(&amp;J)</translation>
    </message>
    <message>
        <source>Reass&amp;ign</source>
        <translation>改派(&amp;I)</translation>
    </message>
    <message>
        <source>Print correction &amp;notice</source>
        <translation>打印补正告知书(&amp;N)</translation>
    </message>
    <message>
        <source>The one-time notification listing every item the applicant must bring</source>
        <translation>一次性告知申请人须补正的全部材料</translation>
    </message>
    <message>
        <source>&amp;Data-use record</source>
        <translation>数据使用记录(&amp;D)</translation>
    </message>
    <message>
        <source>Which department supplied which item of this case, when, under which consent</source>
        <translation>本办件使用了哪些部门的哪些数据、何时提供、依据哪项授权</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Reason / missing items:</source>
        <translation>理由 / 补正材料：</translation>
    </message>
    <message>
        <source>Reassign to:</source>
        <translation>改派给：</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>%1 · accepted %2 by %3 at window %4 · due %5 · reviewer %6 · version %7</source>
        <translation>%1 · %2 由 %3 在 %4 号窗口受理 · 承诺办结 %5 · 审核人 %6 · 版本 %7</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>来自 %1</translation>
    </message>
    <message>
        <source>typed</source>
        <translation>手工录入</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value (masked)</source>
        <translation>值（已脱敏）</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Exempted by</source>
        <translation>免交依据</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>需补正材料</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source> (refused)</source>
        <translation>（被拒绝）</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Preparing the correction notice of %1…</source>
        <translation>正在生成 %1 的补正告知书…</translation>
    </message>
    <message>
        <source>Correction notice of %1 ready: print it from the preview</source>
        <translation>%1 的补正告知书已生成，请在预览中打印</translation>
    </message>
    <message>
        <source>Preparing the data-use record of %1…</source>
        <translation>正在生成 %1 的数据使用记录…</translation>
    </message>
    <message>
        <source>Data-use record of %1 ready: print it from the preview</source>
        <translation>%1 的数据使用记录已生成，请在预览中打印</translation>
    </message>
    <message>
        <source>Saved: %1 is now %2.</source>
        <translation>已保存：%1 现为“%2”。</translation>
    </message>
</context>
<context>
    <name>CaseFlow</name>
    <message>
        <source>&amp;Submit case (Ctrl+S)</source>
        <translation>提交受理(&amp;S)（Ctrl+S）</translation>
    </message>
    <message>
        <source>Check the form and accept the case: Ctrl+S</source>
        <translation>检查表单并受理：Ctrl+S</translation>
    </message>
    <message>
        <source>Saving the case…</source>
        <translation>正在保存办件…</translation>
    </message>
    <message>
        <source>Printing the receipt…</source>
        <translation>正在打印回执…</translation>
    </message>
    <message>
        <source>Restoring the interrupted case…</source>
        <translation>正在恢复中断的案件…</translation>
    </message>
    <message>
        <source>{party} of {total}</source>
        <translation>{party}（共 {total} 人）</translation>
    </message>
    <message>
        <source>This ID number is already applicant {number}&apos;s</source>
        <translation>该身份证号已是申请人{number}的号码</translation>
    </message>
    <message>
        <source>The applicant declined on their screen: nothing was recorded. They may bring the papers instead.</source>
        <translation>申请人已在其屏幕上选择不同意：未记录任何授权，也不会查询。可请其自行提交相应证明材料。</translation>
    </message>
    <message>
        <source>Recording the consent…</source>
        <translation>正在记录授权同意…</translation>
    </message>
    <message>
        <source>Restored; check these fields again: {fields}</source>
        <translation>已恢复；请重新核对：{fields}</translation>
    </message>
    <message>
        <source>Restored the interrupted case</source>
        <translation>已恢复中断的案件</translation>
    </message>
    <message>
        <source>The consent must be given again: {reason}</source>
        <translation>需要申请人重新授权：{reason}</translation>
    </message>
    <message>
        <source>Nothing is missing: no notification needed</source>
        <translation>材料齐全，无需出具一次性告知书</translation>
    </message>
    <message>
        <source>Preparing the one-time notification…</source>
        <translation>正在生成一次性告知书…</translation>
    </message>
    <message>
        <source>One-time notification ready: print it from the preview</source>
        <translation>一次性告知书已生成，可在预览中打印</translation>
    </message>
    <message>
        <source>Case accepted; rendering the receipt…</source>
        <translation>已受理，正在生成回执…</translation>
    </message>
    <message>
        <source>Case {number} accepted</source>
        <translation>办件 {number} 已受理</translation>
    </message>
    <message>
        <source>Receipt printed on {printer} ({pages} page(s))</source>
        <translation>回执已在 {printer} 打印（{pages} 页）</translation>
    </message>
    <message>
        <source>Cannot continue: {reason}</source>
        <translation>无法继续：{reason}</translation>
    </message>
</context>
<context>
    <name>CaseQueueModel</name>
    <message>
        <source>Case number</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>承诺办结</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>受理人</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>%1 (overdue)</source>
        <translation>%1（已逾期）</translation>
    </message>
    <message>
        <source>%1 (due soon)</source>
        <translation>%1（即将到期）</translation>
    </message>
    <message>
        <source>Provisional due date: counted beyond the published holiday calendar</source>
        <translation>暂定办结日期：超出已公布的节假日安排，按周一至周五计算</translation>
    </message>
</context>
<context>
    <name>CaseQueueView</name>
    <message>
        <source>All services</source>
        <translation>全部事项</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>受理人</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>&amp;Accepted</source>
        <translation>受理日期(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Overdue</source>
        <translation>已逾期(&amp;O)</translation>
    </message>
    <message>
        <source>Due &amp;soon</source>
        <translation>即将到期(&amp;S)</translation>
    </message>
    <message>
        <source>Find a case number or resident ID (Ctrl+F)</source>
        <translation>查找办件编号或身份证号码（Ctrl+F）</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Open (accepted, in review)</source>
        <translation>在办（已受理、审核中）</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>The date range ends before it starts.</source>
        <translation>日期范围的结束日早于开始日。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>%1 cases</source>
        <translation>共 %1 件</translation>
    </message>
    <message>
        <source>%1 cases shown; scroll for more</source>
        <translation>已显示 %1 件，向下滚动查看更多</translation>
    </message>
</context>
<context>
    <name>ConnectorStatusModel</name>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>接口地址</translation>
    </message>
    <message>
        <source>Last probe</source>
        <translation>最近探测</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>响应时间</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>{ms} ms</source>
        <translation>{ms} 毫秒</translation>
    </message>
    <message>
        <source>not probed yet</source>
        <translation>尚未探测</translation>
    </message>
    <message>
        <source>probing…</source>
        <translation>正在探测…</translation>
    </message>
    <message>
        <source>no test identity in the connector</source>
        <translation>连接器未配置测试身份</translation>
    </message>
    <message>
        <source>probe failed</source>
        <translation>探测失败</translation>
    </message>
</context>
<context>
    <name>ConnectorStatusView</name>
    <message>
        <source>Department connectors</source>
        <translation>部门连接器</translation>
    </message>
    <message>
        <source>&amp;Probe all</source>
        <translation>全部探测(&amp;P)</translation>
    </message>
    <message>
        <source>Ask every department about its test identity ({shortcut})</source>
        <translation>用测试身份询问每个部门（{shortcut}）</translation>
    </message>
    <message>
        <source>Probing: {done} of {total} answered so far</source>
        <translation>正在探测：已有 {done} / {total} 个部门回复</translation>
    </message>
    <message>
        <source>{total} departments with a test identity</source>
        <translation>{total} 个部门配置了测试身份</translation>
    </message>
    <message>
        <source>{answered} of {total} departments answered; {failed} failed</source>
        <translation>{answered} / {total} 个部门正常回复，{failed} 个失败</translation>
    </message>
</context>
<context>
    <name>ConsentPanel</name>
    <message>
        <source>Show or read this to the applicant:</source>
        <translation>请向申请人出示或宣读：</translation>
    </message>
    <message>
        <source>How did the applicant consent?</source>
        <translation>申请人以何种方式表示同意？</translation>
    </message>
    <message>
        <source>Shortcut: Alt+{number}</source>
        <translation>快捷键：Alt+{number}</translation>
    </message>
    <message>
        <source>&amp;Witness (a second staff member&apos;s username):</source>
        <translation>见证人（另一名工作人员的用户名）(&amp;W)：</translation>
    </message>
    <message>
        <source>Required for verbal consent: the second witness</source>
        <translation>口头同意时必填：第二名见证人</translation>
    </message>
    <message>
        <source>Confirm consent (Ctrl+Enter)</source>
        <translation>确认同意（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Record the consent: Ctrl+Enter</source>
        <translation>记录同意：Ctrl+Enter</translation>
    </message>
    <message>
        <source>Choose how the applicant consented</source>
        <translation>请选择申请人的同意方式</translation>
    </message>
    <message>
        <source>Verbal consent needs a witness</source>
        <translation>口头同意需要见证人</translation>
    </message>
    <message>
        <source>The witness must be someone other than the clerk recording it</source>
        <translation>见证人不能是记录同意的办事员本人</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Hall dashboard</source>
        <translation>大厅运行看板</translation>
    </message>
    <message>
        <source>The hall day the figures are for</source>
        <translation>统计所针对的大厅日期</translation>
    </message>
    <message>
        <source>&amp;Day:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>The days the department scorecard covers</source>
        <translation>部门评分统计的天数范围</translation>
    </message>
    <message>
        <source>Score&amp;card:</source>
        <translation>评分周期(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Read the figures again</source>
        <translation>重新读取统计数据</translation>
    </message>
    <message>
        <source>Export &amp;XLSX…</source>
        <translation>导出 XLSX(&amp;X)…</translation>
    </message>
    <message>
        <source>Save the report of the scorecard&apos;s days as a spreadsheet</source>
        <translation>将评分周期内的报表保存为电子表格</translation>
    </message>
    <message>
        <source>Export &amp;PDF…</source>
        <translation>导出 PDF(&amp;P)…</translation>
    </message>
    <message>
        <source>Save this day&apos;s dashboard as a PDF</source>
        <translation>将当日看板保存为 PDF</translation>
    </message>
    <message>
        <source>Not loaded yet</source>
        <translation>尚未加载</translation>
    </message>
    <message>
        <source>Cases accepted today</source>
        <translation>今日受理件数</translation>
    </message>
    <message>
        <source>One-visit rate today</source>
        <translation>今日“最多跑一次”率</translation>
    </message>
    <message>
        <source>Fields pre-filled today</source>
        <translation>今日部门预填字段</translation>
    </message>
    <message>
        <source>Fields typed or corrected today</source>
        <translation>今日手工录入或更正字段</translation>
    </message>
    <message>
        <source>Papers not collected today</source>
        <translation>今日免提交材料</translation>
    </message>
    <message>
        <source>Overdue cases</source>
        <translation>超期办件</translation>
    </message>
    <message>
        <source>Form fields by source</source>
        <translation>表单字段来源</translation>
    </message>
    <message>
        <source>Median handling time (this week)</source>
        <translation>各事项办理时长中位数（本周）</translation>
    </message>
    <message>
        <source>Department availability</source>
        <translation>部门接口可用率</translation>
    </message>
    <message>
        <source>Department latency</source>
        <translation>部门接口响应时间</translation>
    </message>
    <message>
        <source>Department scorecard</source>
        <translation>部门评分</translation>
    </message>
    <message>
        <source>Departments</source>
        <translation>部门数据质量</translation>
    </message>
    <message>
        <source>Applicant satisfaction</source>
        <translation>好差评</translation>
    </message>
    <message>
        <source>Not permitted</source>
        <translation>无权查看</translation>
    </message>
    <message>
        <source>The hall&apos;s figures are for supervisors and administrators.</source>
        <translation>大厅统计数据仅供主管和管理员查看。</translation>
    </message>
    <message>
        <source>That day</source>
        <translation>当日</translation>
    </message>
    <message>
        <source>Last {days} days</source>
        <translation>近 {days} 天</translation>
    </message>
    <message>
        <source>Refreshing…</source>
        <translation>正在刷新…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Export the report</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export the dashboard</source>
        <translation>导出看板</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Exporting {name}…</source>
        <translation>正在导出 {name}…</translation>
    </message>
    <message>
        <source>The export failed: {reason}</source>
        <translation>导出失败：{reason}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Figures as of {moment}</source>
        <translation>数据截至 {moment}</translation>
    </message>
    <message>
        <source>The figures could not be read: {reason}</source>
        <translation>无法读取统计数据：{reason}</translation>
    </message>
    <message>
        <source>{percent} % ({part}/{whole})</source>
        <translation>{percent}%（{part}/{whole}）</translation>
    </message>
    <message>
        <source>This week: {value}</source>
        <translation>本周：{value}</translation>
    </message>
    <message>
        <source>Corrected {corrected}; this week {value}</source>
        <translation>其中更正 {corrected}；本周 {value}</translation>
    </message>
    <message>
        <source>Open past the promised date</source>
        <translation>在办且已超过承诺办结日期</translation>
    </message>
    <message>
        <source>No form fields this week</source>
        <translation>本周暂无表单字段</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>Pre-filled</source>
        <translation>部门预填</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>Typed</source>
        <translation>手工录入</translation>
    </message>
    <message>
        <source>share of the fields (%)</source>
        <translation>字段占比（%）</translation>
    </message>
    <message>
        <source>No case was completed this week</source>
        <translation>本周暂无办结件</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <source>@value h</source>
        <translation>@value 小时</translation>
    </message>
    <message>
        <source>@value d</source>
        <translation>@value 天</translation>
    </message>
    <message>
        <source>{first} to {last}</source>
        <translation>{first} 至 {last}</translation>
    </message>
    <message>
        <source>Department scorecard, {period}</source>
        <translation>部门评分，{period}</translation>
    </message>
    <message>
        <source>last {days} days</source>
        <translation>近 {days} 天</translation>
    </message>
    <message>
        <source>Department availability ({period})</source>
        <translation>部门接口可用率（{period}）</translation>
    </message>
    <message>
        <source>Department latency ({period})</source>
        <translation>部门接口响应时间（{period}）</translation>
    </message>
    <message>
        <source>No department was asked in this window</source>
        <translation>该期间未查询任何部门</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>可用率</translation>
    </message>
    <message>
        <source>@value %</source>
        <translation>@value%</translation>
    </message>
    <message>
        <source>P95</source>
        <translation>P95</translation>
    </message>
    <message>
        <source>milliseconds</source>
        <translation>毫秒</translation>
    </message>
</context>
<context>
    <name>DraftOffer</name>
    <message>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>Carry on with the interrupted case (the departments are asked again)</source>
        <translation>继续办理中断的案件（将重新向各部门查询）</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>放弃(&amp;D)</translation>
    </message>
    <message>
        <source>Delete the interrupted case&apos;s draft</source>
        <translation>删除中断案件的草稿</translation>
    </message>
    <message>
        <source>Interrupted case: {service}, applicant {id}, saved {when}</source>
        <translation>有未办完的案件：{service}，申请人 {id}，保存于 {when}</translation>
    </message>
    <message>
        <source>({count} in all)</source>
        <translation>（共 {count} 件）</translation>
    </message>
</context>
<context>
    <name>FieldTableModel</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>已核验</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>已更正</translation>
    </message>
    <message>
        <source>Typed in</source>
        <translation>手工录入</translation>
    </message>
    <message>
        <source>No value</source>
        <translation>无数据</translation>
    </message>
    <message>
        <source>Departments disagree</source>
        <translation>部门数据不一致</translation>
    </message>
    <message>
        <source>Not authoritative</source>
        <translation>非权威来源</translation>
    </message>
    <message>
        <source>Not from {authority}, the authoritative department: this value is from {department}. Keep it to accept it, or correct it.</source>
        <translation>并非来自权威部门{authority}：此值由{department}提供。保留即视为采用，也可更正。</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
</context>
<context>
    <name>FormPage</name>
    <message>
        <source>Reason for showing the full value</source>
        <translation>查看完整信息的原因</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>查看完整信息</translation>
    </message>
    <message>
        <source>Show the selected value in full (audited)</source>
        <translation>显示所选项的完整内容（将记录审计日志）</translation>
    </message>
    <message>
        <source>Use this department&apos;s value</source>
        <translation>采用该部门的数据</translation>
    </message>
    <message>
        <source>Eligibility</source>
        <translation>办理条件</translation>
    </message>
    <message>
        <source>Give a reason before revealing</source>
        <translation>请先填写查看原因</translation>
    </message>
    <message>
        <source>Sign in to reveal values</source>
        <translation>请登录后查看完整信息</translation>
    </message>
    <message>
        <source>Shown in full; the reveal was recorded</source>
        <translation>已显示完整内容，本次查看已记录</translation>
    </message>
    <message>
        <source>The value cannot be revealed: %s</source>
        <translation>无法显示完整内容：%s</translation>
    </message>
    <message>
        <source>Departments disagree</source>
        <translation>部门数据不一致</translation>
    </message>
    <message>
        <source>This service sets no conditions to check</source>
        <translation>本事项没有需要核对的办理条件</translation>
    </message>
</context>
<context>
    <name>IdNumberInput</name>
    <message>
        <source>Resident ID number (18 characters)</source>
        <translation>居民身份证号码（18 位）</translation>
    </message>
    <message>
        <source>Type or scan the applicant&apos;s resident ID; Enter to confirm.
An ID-card reader or barcode scanner can fill it directly.</source>
        <translation>输入或扫描申请人的居民身份证号码，按回车确认。
身份证读卡器或条码扫描枪可直接填入。</translation>
    </message>
    <message>
        <source>Resident ID number</source>
        <translation>居民身份证号码</translation>
    </message>
    <message numerus="yes">
        <source>%n more character(s)</source>
        <translation>
            <numerusform>还差 %n 位</numerusform>
        </translation>
    </message>
    <message>
        <source>Valid old 15-digit number; it will be converted to 18 characters</source>
        <translation>有效的旧版 15 位号码，将转换为 18 位</translation>
    </message>
    <message>
        <source>Valid resident ID number</source>
        <translation>居民身份证号码有效</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>en</source>
        <translation>zh_CN</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <source>Screen locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <source>Locked for {user}. Enter your password to continue.</source>
        <translation>{user} 的工作台已锁定，请输入密码继续。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Unlock (Enter)</source>
        <translation>解锁（回车）</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>The sign-in could not be checked ({error}). Try again or call IT.</source>
        <translation>暂时无法验证登录（{error}），请重试或联系信息技术人员。</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Sign in (Enter)</source>
        <translation>登录（回车）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>窗口：</translation>
    </message>
    <message>
        <source>Enter your username and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
</context>
<context>
    <name>LookupPanel</name>
    <message>
        <source>&amp;Retry department</source>
        <translation>重新查询该部门(&amp;R)</translation>
    </message>
    <message>
        <source>Ask the selected department again</source>
        <translation>再次向所选部门查询</translation>
    </message>
    <message>
        <source>&amp;Carry on</source>
        <translation>继续办理(&amp;C)</translation>
    </message>
    <message>
        <source>Continue to the form with what has arrived</source>
        <translation>用已返回的数据继续填写表单</translation>
    </message>
    <message>
        <source>No lookup yet</source>
        <translation>尚未查询</translation>
    </message>
    <message>
        <source>{answered} of {total} departments answered</source>
        <translation>{total} 个部门中已有 {answered} 个答复</translation>
    </message>
    <message>
        <source>{waiting} waiting</source>
        <translation>{waiting} 个等待中</translation>
    </message>
    <message>
        <source>{failed} without an answer</source>
        <translation>{failed} 个未答复</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>LookupTableModel</name>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>{ms} ms</source>
        <translation>{ms} 毫秒</translation>
    </message>
    <message>
        <source>Not authoritative: stands in for a department that did not answer</source>
        <translation>非权威来源：代未答复的权威部门提供</translation>
    </message>
    <message>
        <source>Data problem, not used: {values}</source>
        <translation>数据问题（未采用）：{values}</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已答复</translation>
    </message>
    <message>
        <source>No record</source>
        <translation>无记录</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Unavailable</source>
        <translation>不可用</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>{hall} — Counter</source>
        <translation>{hall} — 一窗受理</translation>
    </message>
    <message>
        <source>Ready for the next applicant.</source>
        <translation>准备接待下一位办事群众。</translation>
    </message>
    <message>
        <source>&amp;Next applicant</source>
        <translation>下一位(&amp;N)</translation>
    </message>
    <message>
        <source>Clear the screen for the next applicant</source>
        <translation>清空屏幕，接待下一位</translation>
    </message>
    <message>
        <source>&amp;Lock screen</source>
        <translation>锁定(&amp;L)</translation>
    </message>
    <message>
        <source>Cover the screen until your password is entered</source>
        <translation>遮盖屏幕，输入密码后才能继续</translation>
    </message>
    <message>
        <source>&amp;Applicant screen</source>
        <translation>申请人屏幕(&amp;A)</translation>
    </message>
    <message>
        <source>Show or hide the applicant&apos;s screen (for the customer monitor)</source>
        <translation>显示或隐藏申请人屏幕（放在面向办事群众的显示器上）</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Sign out and close Counter</source>
        <translation>注销并关闭一窗受理</translation>
    </message>
    <message>
        <source>&amp;Counter</source>
        <translation>受理(&amp;C)</translation>
    </message>
    <message>
        <source>Signed in: {name} ({username})</source>
        <translation>当前用户：{name}（{username}）</translation>
    </message>
    <message>
        <source>Role: {role}</source>
        <translation>角色：{role}</translation>
    </message>
    <message>
        <source>Window {window}</source>
        <translation>{window} 号窗口</translation>
    </message>
</context>
<context>
    <name>MaterialsChecklist</name>
    <message>
        <source>&amp;Materials</source>
        <translation>申请材料(&amp;M)</translation>
    </message>
    <message>
        <source>Alt+M, then Space ticks a paper handed over</source>
        <translation>Alt+M 进入材料清单，空格键勾选已收取的材料</translation>
    </message>
    <message>
        <source>One-time notification</source>
        <translation>一次性告知书</translation>
    </message>
    <message>
        <source>Exempt</source>
        <translation>免提交</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收取</translation>
    </message>
    <message>
        <source>To collect</source>
        <translation>待收取</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation>确认密码(&amp;R)：</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>ReceiptActions</name>
    <message>
        <source>Pre&amp;view receipt</source>
        <translation>预览回执(&amp;V)</translation>
    </message>
    <message>
        <source>Show the receipt before printing it</source>
        <translation>打印前预览受理回执</translation>
    </message>
    <message>
        <source>&amp;Print receipt (Ctrl+P)</source>
        <translation>打印回执(&amp;P)（Ctrl+P）</translation>
    </message>
    <message>
        <source>Print the receipt on the window&apos;s printer: Ctrl+P</source>
        <translation>在本窗口的打印机上打印回执：Ctrl+P</translation>
    </message>
    <message>
        <source>Case number: {number}</source>
        <translation>办件编号：{number}</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>重置(&amp;R)</translation>
    </message>
    <message>
        <source>Set a temporary password for {user}. Tell it to them in person; they should change it after signing in.</source>
        <translation>为 {user} 设置临时密码。请当面告知本人，登录后应立即修改。</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>Clerk</source>
        <translation>办事员</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>审核员</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>SatisfactionPanel</name>
    <message>
        <source>Service</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Rated at</source>
        <translation>评价时间</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <source>Window / clerk</source>
        <translation>窗口 / 经办人</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>评价</translation>
    </message>
    <message>
        <source>The applicant&apos;s words</source>
        <translation>申请人意见</translation>
    </message>
    <message>
        <source>By service</source>
        <translation>按事项</translation>
    </message>
    <message>
        <source>By window</source>
        <translation>按窗口</translation>
    </message>
    <message>
        <source>To follow up (dissatisfied)</source>
        <translation>待回访（差评）</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>好评率</translation>
    </message>
    <message>
        <source>No ratings in this period</source>
        <translation>本期暂无评价</translation>
    </message>
    <message>
        <source>{total} ratings: {good} good ({percent} %), {bad} to follow up</source>
        <translation>共 {total} 条评价：好评 {good} 条（{percent} %），待回访 {bad} 条</translation>
    </message>
    <message>
        <source>Window {number}</source>
        <translation>{number} 号窗口</translation>
    </message>
</context>
<context>
    <name>ScorecardModel</name>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>可用率</translation>
    </message>
    <message>
        <source>Median (ms)</source>
        <translation>中位数（毫秒）</translation>
    </message>
    <message>
        <source>P95 (ms)</source>
        <translation>P95（毫秒）</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>查无率</translation>
    </message>
    <message>
        <source>Values refused</source>
        <translation>拒收数据项</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突数据项</translation>
    </message>
    <message>
        <source>Refused rate</source>
        <translation>拒收率</translation>
    </message>
    <message>
        <source>Conflict rate</source>
        <translation>冲突率</translation>
    </message>
    <message>
        <source>Every request in the window: case lookups, diagnoses and probes</source>
        <translation>期间内的全部请求：办件查询、诊断和探测</translation>
    </message>
    <message>
        <source>Requests answered (a record or no such person) of all requests</source>
        <translation>得到答复（有记录或查无此人）的请求占全部请求的比例</translation>
    </message>
    <message>
        <source>Median latency of the answered requests</source>
        <translation>已答复请求的响应时间中位数</translation>
    </message>
    <message>
        <source>95 % of the answered requests took no longer than this</source>
        <translation>95% 的已答复请求不超过此时间</translation>
    </message>
    <message>
        <source>Case lookups answered &apos;no such person&apos; of the answered case lookups</source>
        <translation>已答复的办件查询中答复“查无此人”的比例</translation>
    </message>
    <message>
        <source>Values of case lookups that failed a conversion or catalog check (not used)</source>
        <translation>办件查询返回的数据项中未通过转换或目录校验的数量（未采用）</translation>
    </message>
    <message>
        <source>Values of case lookups that disagreed with the value used</source>
        <translation>办件查询返回的数据项中与采用值不一致的数量</translation>
    </message>
    <message>
        <source>Values refused of all values given</source>
        <translation>拒收数据项占全部返回数据项的比例</translation>
    </message>
    <message>
        <source>Conflicts of the values that passed</source>
        <translation>冲突数据项占通过校验数据项的比例</translation>
    </message>
    <message>
        <source>{percent} %</source>
        <translation>{percent}%</translation>
    </message>
    <message>
        <source>{id}: {cases} case lookups, {diagnoses} diagnoses, {probes} probes</source>
        <translation>{id}：办件查询 {cases} 次，诊断 {diagnoses} 次，探测 {probes} 次</translation>
    </message>
    <message>
        <source>{part} of {whole}</source>
        <translation>{part} / {whole}</translation>
    </message>
    <message>
        <source>A data-quality problem to report to the department</source>
        <translation>数据质量问题，应反馈给该部门</translation>
    </message>
</context>
<context>
    <name>ServicePicker</name>
    <message>
        <source>Search services: Chinese, pinyin or initials (e.g. jhdj)</source>
        <translation>搜索事项：中文、拼音或首字母（如 jhdj）</translation>
    </message>
    <message>
        <source>Type a title in Chinese, its pinyin (jiehun), its initials (jhdj), the English title or the id.
Up/Down: move  ·  Enter: choose  ·  Esc: clear  ·  Ctrl+F: back to search</source>
        <translation>输入事项的中文名称、拼音（jiehun）、拼音首字母（jhdj）、英文名称或编号。
上/下：移动  ·  回车：选择  ·  Esc：清空  ·  Ctrl+F：回到搜索</translation>
    </message>
    <message>
        <source>Service search</source>
        <translation>事项搜索</translation>
    </message>
    <message>
        <source>Double-click or press Enter to choose</source>
        <translation>双击或按回车选择</translation>
    </message>
    <message>
        <source>Matching services</source>
        <translation>匹配的事项</translation>
    </message>
    <message numerus="yes">
        <source>%n service(s)</source>
        <translation>
            <numerusform>%n 个事项</numerusform>
        </translation>
    </message>
    <message>
        <source>No service matches this search</source>
        <translation>没有与搜索匹配的事项</translation>
    </message>
    <message>
        <source>No services are configured</source>
        <translation>尚未配置任何事项</translation>
    </message>
</context>
<context>
    <name>SupervisorView</name>
    <message>
        <source>Case queue</source>
        <translation>办件队列</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>统计看板</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Departments</source>
        <translation>部门接口</translation>
    </message>
</context>
<context>
    <name>TicketPanel</name>
    <message>
        <source>Parked tickets: Recall calls the chosen one back</source>
        <translation>暂挂的号：点“重呼”叫回所选的号</translation>
    </message>
    <message>
        <source>Call next (F9)</source>
        <translation>叫下一号 (F9)</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>重呼</translation>
    </message>
    <message>
        <source>Park</source>
        <translation>暂挂</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>转移…</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>过号</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>Call the next waiting ticket of {categories} to window {window}</source>
        <translation>叫 {categories} 类的下一位到 {window} 号窗口</translation>
    </message>
    <message>
        <source>No ticket called</source>
        <translation>未叫号</translation>
    </message>
    <message>
        <source>{state} · call {calls}</source>
        <translation>{state} · 第 {calls} 次呼叫</translation>
    </message>
    <message>
        <source>Waiting: {counts}</source>
        <translation>等候：{counts}</translation>
    </message>
    <message>
        <source>Parked {number}</source>
        <translation>暂挂 {number}</translation>
    </message>
    <message>
        <source>Nobody is waiting for {categories}</source>
        <translation>{categories} 类暂无等候</translation>
    </message>
    <message>
        <source>Call another ticket?</source>
        <translation>叫下一号？</translation>
    </message>
    <message>
        <source>A case is open for the applicant being served. Call another ticket anyway? The open case is cleared from the screen.</source>
        <translation>正在为当前申请人办理的办件尚未提交。仍要叫下一号吗？未提交的办件将从屏幕上清除。</translation>
    </message>
    <message>
        <source>&amp;Call</source>
        <translation>叫号(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Keep the case</source>
        <translation>继续办理(&amp;K)</translation>
    </message>
    <message>
        <source>Calling {number} to window {window}</source>
        <translation>正在呼叫 {number} 号到 {window} 号窗口</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer ticket {number}</source>
        <translation>转移 {number} 号</translation>
    </message>
    <message>
        <source>e.g. 08</source>
        <translation>例如 08</translation>
    </message>
    <message>
        <source>e.g. B</source>
        <translation>例如 B</translation>
    </message>
    <message>
        <source>To &amp;window:</source>
        <translation>转往窗口(&amp;W)：</translation>
    </message>
    <message>
        <source>To &amp;category:</source>
        <translation>转往类别(&amp;C)：</translation>
    </message>
    <message>
        <source>Name a window or a category.</source>
        <translation>请填写窗口或类别。</translation>
    </message>
    <message>
        <source>A category is one or two letters, e.g. B.</source>
        <translation>类别为一至两个字母，例如 B。</translation>
    </message>
</context>
<context>
    <name>UsersAdminView</name>
    <message>
        <source>Users and roles</source>
        <translation>用户和角色</translation>
    </message>
    <message>
        <source>&amp;Add user…</source>
        <translation>添加用户(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>停用(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Reset password…</source>
        <translation>重置密码(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>解除锁定(&amp;U)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>User {user} added.</source>
        <translation>已添加用户 {user}。</translation>
    </message>
    <message>
        <source>The password of {user} was reset.</source>
        <translation>已重置 {user} 的密码。</translation>
    </message>
    <message>
        <source>User {user} enabled.</source>
        <translation>已启用用户 {user}。</translation>
    </message>
    <message>
        <source>User {user} disabled.</source>
        <translation>已停用用户 {user}。</translation>
    </message>
    <message>
        <source>User {user} unlocked.</source>
        <translation>已解除用户 {user} 的锁定。</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>启用(&amp;E)</translation>
    </message>
</context>
<context>
    <name>UsersTableModel</name>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Locked until</source>
        <translation>锁定至</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未登录</translation>
    </message>
</context>
<context>
    <name>WorkstationOpening</name>
    <message>
        <source>Opening the database (an upgrade may take a while)...</source>
        <translation>正在打开数据库（如需升级，可能要稍等片刻）……</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>一窗受理</translation>
    </message>
    <message>
        <source>Database upgraded</source>
        <translation>数据库已升级</translation>
    </message>
    <message>
        <source>Counter cannot start</source>
        <translation>一窗受理无法启动</translation>
    </message>
    <message>
        <source>The configuration cannot be used. Correct what is named below and start Counter again (IT: `counterapp config show` prints every value and where it came from).</source>
        <translation>配置无法使用。请改正下面指出的问题后重新启动一窗受理（IT：`counterapp config show` 列出每个配置值及其来源）。</translation>
    </message>
</context>
</TS>
