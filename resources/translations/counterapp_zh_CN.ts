<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
</TS>
