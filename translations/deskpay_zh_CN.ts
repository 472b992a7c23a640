<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>deskpay::AboutDialog</name>
    <message>
        <source>About DeskPay</source>
        <translation>关于 DeskPay</translation>
    </message>
    <message>
        <source>DeskPay %1</source>
        <translation>DeskPay %1</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>Change and upgrade payments for airline desk agents, confirmed by the payer.</source>
        <translation>为航空公司柜台人员处理改期与升舱付款，由付款人确认。</translation>
    </message>
    <message>
        <source>Qt %1 (built with Qt %2)</source>
        <translation>Qt %1（编译时使用 Qt %2）</translation>
    </message>
    <message>
        <source>TLS: %1 (Qt backend “%2”)</source>
        <translation>TLS：%1（Qt 后端“%2”）</translation>
    </message>
</context>
<context>
    <name>deskpay::AirportTable</name>
    <message>
        <source>Cannot read the airport table %1: %2</source>
        <translation>无法读取机场表 %1：%2</translation>
    </message>
    <message>
        <source>Line %1 of the airport table is not &quot;IATA, time zone, name, city, country&quot; separated by tabs.</source>
        <translation>机场表第 %1 行不是以制表符分隔的“IATA 代码、时区、名称、城市、国家”格式。</translation>
    </message>
    <message>
        <source>The airport table has no airports.</source>
        <translation>机场表中没有任何机场。</translation>
    </message>
    <message>
        <source>Airport %1 appears twice in the table.</source>
        <translation>机场 %1 在表中出现了两次。</translation>
    </message>
</context>
<context>
    <name>deskpay::ApiClient</name>
    <message>
        <source>“%1” is not a server address DeskPay can use: it must start with https:// and name a host, for example https://deskpay.example.com:8443.</source>
        <translation>“%1”不是 DeskPay 可以使用的服务器地址：地址必须以 https:// 开头并包含主机名，例如 https://deskpay.example.com:8443。</translation>
    </message>
    <message>
        <source>No server is set. Start DeskPay with --server https://HOST:PORT.</source>
        <translation>尚未设置服务器。请使用 --server https://主机:端口 启动 DeskPay。</translation>
    </message>
    <message>
        <source>The server at %1 presented a key that does not match the pinned key (expected pin %2, got %3). Nothing was sent.
%4</source>
        <translation>服务器 %1 出示的密钥与固定的密钥不符（应为 %2，实际为 %3）。未发送任何数据。
%4</translation>
    </message>
    <message>
        <source>The server at %1 is not trusted, so DeskPay did not connect.
%2</source>
        <translation>服务器 %1 不受信任，DeskPay 未建立连接。
%2</translation>
    </message>
    <message>
        <source>The server at %1 answered HTTP %2 %3.</source>
        <translation>服务器 %1 返回了 HTTP %2 %3。</translation>
    </message>
    <message>
        <source>The server at %1 refused the connection. Is deskpay-server running?</source>
        <translation>服务器 %1 拒绝了连接。deskpay-server 是否正在运行？</translation>
    </message>
    <message>
        <source>The host of %1 was not found. Check the server address.</source>
        <translation>找不到 %1 的主机。请检查服务器地址。</translation>
    </message>
    <message>
        <source>The server at %1 did not answer within %2 seconds.</source>
        <translation>服务器 %1 在 %2 秒内没有响应。</translation>
    </message>
    <message>
        <source>The server at %1 closed the connection.</source>
        <translation>服务器 %1 关闭了连接。</translation>
    </message>
    <message>
        <source>No secure connection could be made to %1: %2</source>
        <translation>无法与 %1 建立安全连接：%2</translation>
    </message>
    <message>
        <source>The server at %1 cannot be reached: %2</source>
        <translation>无法访问服务器 %1：%2</translation>
    </message>
    <message>
        <source>The server at %1 presented a key that does not match the pinned key (expected pin %2, got %3). Its answer was discarded.
%4</source>
        <translation>服务器 %1 出示的密钥与固定的密钥不符（应为 %2，实际为 %3）。其响应已被丢弃。
%4</translation>
    </message>
</context>
<context>
    <name>deskpay::Cabin</name>
    <message>
        <source>Unknown cabin &quot;%1&quot;; use F, J, W or Y.</source>
        <translation>未知的舱位等级“%1”；请使用 F、J、W 或 Y。</translation>
    </message>
    <message>
        <source>Economy</source>
        <translation>经济舱</translation>
    </message>
    <message>
        <source>Premium economy</source>
        <translation>超级经济舱</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>公务舱</translation>
    </message>
    <message>
        <source>First</source>
        <translation>头等舱</translation>
    </message>
</context>
<context>
    <name>deskpay::ChangeOrder</name>
    <message>
        <source>Unknown product &quot;%1&quot;; use DATE_CHANGE, UPGRADE or DATE_CHANGE_UPGRADE.</source>
        <translation>未知的产品“%1”；请使用 DATE_CHANGE、UPGRADE 或 DATE_CHANGE_UPGRADE。</translation>
    </message>
    <message>
        <source>Date change</source>
        <translation>改期</translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation>升舱</translation>
    </message>
    <message>
        <source>Date change and upgrade</source>
        <translation>改期并升舱</translation>
    </message>
    <message>
        <source>Enter the ticket number.</source>
        <translation>请输入票号。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a ticket number; write 13 digits, like 176-2342567890.</source>
        <translation>“%1”不是有效的票号；请填写 13 位数字，例如 176-2342567890。</translation>
    </message>
    <message>
        <source>The time of the price quote is missing.</source>
        <translation>缺少报价时间。</translation>
    </message>
    <message>
        <source>Choose the product: date change, upgrade or both.</source>
        <translation>请选择产品：改期、升舱或改期并升舱。</translation>
    </message>
    <message>
        <source>Enter the booking reference (PNR).</source>
        <translation>请输入订座记录编号（PNR）。</translation>
    </message>
    <message>
        <source>The booking reference is 6 capital letters or digits, like MX3K9P.</source>
        <translation>订座记录编号由 6 位大写字母或数字组成，例如 MX3K9P。</translation>
    </message>
    <message>
        <source>Enter the passenger&apos;s name.</source>
        <translation>请输入旅客姓名。</translation>
    </message>
    <message>
        <source>The passenger&apos;s name has at most %1 characters.</source>
        <translation>旅客姓名最多 %1 个字符。</translation>
    </message>
    <message>
        <source>Write the passenger&apos;s name as on the ticket, like ZHANG/SAN; letters, spaces and / - . &apos; only.</source>
        <translation>请按客票上的写法填写旅客姓名，例如 ZHANG/SAN；只能包含字母、空格以及 / - . &apos;。</translation>
    </message>
    <message>
        <source>Choose the coupons the change applies to.</source>
        <translation>请选择本次变更适用的乘机联。</translation>
    </message>
    <message>
        <source>Coupon numbers are 1 to 4, not %1.</source>
        <translation>乘机联序号只能是 1 到 4，不能是 %1。</translation>
    </message>
    <message>
        <source>Coupon %1 is listed twice.</source>
        <translation>乘机联 %1 重复列出。</translation>
    </message>
    <message>
        <source>The new flight must depart in the future.</source>
        <translation>新航班的起飞时间必须晚于当前时间。</translation>
    </message>
    <message numerus="yes">
        <source>The new flight departs too soon: changes close %n minute(s) before departure.</source>
        <translation>
            <numerusform>距新航班起飞时间太近：起飞前 %n 分钟停止办理变更。</numerusform>
        </translation>
    </message>
    <message>
        <source>A date change needs another date or another flight.</source>
        <translation>改期必须更换日期或航班。</translation>
    </message>
    <message>
        <source>An upgrade keeps the flight; sell a date change and upgrade to change it.</source>
        <translation>升舱不更换航班；如需更换航班，请办理“改期并升舱”。</translation>
    </message>
    <message>
        <source>An upgrade keeps the date; sell a date change and upgrade to change it.</source>
        <translation>升舱不更改日期；如需更改日期，请办理“改期并升舱”。</translation>
    </message>
    <message>
        <source>The new flight must leave from the same airport as the original one.</source>
        <translation>新航班必须与原航班从同一机场出发。</translation>
    </message>
    <message>
        <source>The new flight must arrive at the same airport as the original one.</source>
        <translation>新航班必须与原航班到达同一机场。</translation>
    </message>
    <message>
        <source>An upgrade must go to a higher cabin than %1.</source>
        <translation>升舱必须升至高于%1的舱位等级。</translation>
    </message>
    <message>
        <source>A date change keeps the cabin; sell a date change and upgrade for a higher one.</source>
        <translation>改期不更改舱位等级；如需升至更高舱位等级，请办理“改期并升舱”。</translation>
    </message>
    <message>
        <source>Enter the amount and its currency.</source>
        <translation>请输入金额及币种。</translation>
    </message>
    <message>
        <source>Every amount must be in %1, not %2.</source>
        <translation>所有金额都必须使用 %1，而不是 %2。</translation>
    </message>
    <message>
        <source>This amount cannot be negative.</source>
        <translation>此金额不能为负数。</translation>
    </message>
    <message>
        <source>The total to pay must be more than zero.</source>
        <translation>应付总额必须大于零。</translation>
    </message>
    <message>
        <source>The price quote is dated in the future.</source>
        <translation>报价时间晚于当前时间。</translation>
    </message>
    <message>
        <source>The price quote has expired; quote the change again.</source>
        <translation>报价已过期，请重新报价。</translation>
    </message>
</context>
<context>
    <name>deskpay::ContentDigest</name>
    <message>
        <source>OpenSSL failed to compute %1.</source>
        <translation>OpenSSL 未能计算 %1。</translation>
    </message>
    <message>
        <source>The request has no Content-Digest header.</source>
        <translation>请求缺少 Content-Digest 头。</translation>
    </message>
    <message>
        <source>The Content-Digest header is malformed: %1</source>
        <translation>Content-Digest 头格式错误：%1</translation>
    </message>
    <message>
        <source>The %1 value of Content-Digest is not a byte sequence.</source>
        <translation>Content-Digest 中的 %1 值不是字节序列。</translation>
    </message>
    <message>
        <source>The %1 value of Content-Digest has %2 bytes instead of %3.</source>
        <translation>Content-Digest 中的 %1 值为 %2 字节，应为 %3 字节。</translation>
    </message>
    <message>
        <source>The body does not match its %1 Content-Digest.</source>
        <translation>消息正文与其 %1 Content-Digest 不符。</translation>
    </message>
    <message>
        <source>The Content-Digest header is empty.</source>
        <translation>Content-Digest 头为空。</translation>
    </message>
    <message>
        <source>Content-Digest uses only unsupported algorithms (%1); use sha-256 or sha-512.</source>
        <translation>Content-Digest 只使用了不受支持的算法（%1）；请使用 sha-256 或 sha-512。</translation>
    </message>
</context>
<context>
    <name>deskpay::CredentialStore</name>
    <message>
        <source>A secret needs a name to be stored under.</source>
        <translation>保存机密信息时必须指定名称。</translation>
    </message>
    <message>
        <source>No secret named “%1” is in the keychain.</source>
        <translation>密钥环中没有名为“%1”的机密信息。</translation>
    </message>
    <message>
        <source>No keychain is available on this computer (%1). DeskPay keeps secrets only in the system keychain, so nothing was stored. Start a keychain service such as GNOME Keyring or KWallet and try again.</source>
        <translation>此计算机上没有可用的密钥环（%1）。DeskPay 只把机密信息保存在系统密钥环中，因此没有保存任何内容。请启动 GNOME 密钥环或 KWallet 等密钥环服务后重试。</translation>
    </message>
    <message>
        <source>The keychain refused access (%1). Unlock it and try again.</source>
        <translation>密钥环拒绝访问（%1）。请解锁后重试。</translation>
    </message>
    <message>
        <source>The keychain could not delete “%1”: %2</source>
        <translation>密钥环无法删除“%1”：%2</translation>
    </message>
    <message>
        <source>The keychain could not be used: %1. DeskPay keeps secrets only in the system keychain, so nothing was stored.</source>
        <translation>无法使用密钥环：%1。DeskPay 只把机密信息保存在系统密钥环中，因此没有保存任何内容。</translation>
    </message>
</context>
<context>
    <name>deskpay::Currency</name>
    <message>
        <source>Unknown currency code &quot;%1&quot;.</source>
        <translation>未知的币种代码“%1”。</translation>
    </message>
</context>
<context>
    <name>deskpay::Ed25519Key</name>
    <message>
        <source>OpenSSL failed to %1.</source>
        <translation>OpenSSL 未能%1。</translation>
    </message>
    <message>
        <source>OpenSSL failed to %1: %2</source>
        <translation>OpenSSL 未能%1：%2</translation>
    </message>
    <message>
        <source>The key is not a valid PEM block: %1.</source>
        <translation>密钥不是有效的 PEM 块：%1。</translation>
    </message>
    <message>
        <source>The key is not an Ed25519 key.</source>
        <translation>该密钥不是 Ed25519 密钥。</translation>
    </message>
    <message>
        <source>it is larger than %1 bytes</source>
        <translation>大小超过 %1 字节</translation>
    </message>
    <message>
        <source>it does not start with a -----BEGIN line</source>
        <translation>未以 -----BEGIN 行开头</translation>
    </message>
    <message>
        <source>allocate a buffer</source>
        <translation>分配缓冲区</translation>
    </message>
    <message>
        <source>the block is truncated or its base64 is corrupt</source>
        <translation>该块被截断或其 base64 数据已损坏</translation>
    </message>
    <message>
        <source>The PEM block is encrypted; decrypt it first.</source>
        <translation>PEM 块已加密，请先解密。</translation>
    </message>
    <message>
        <source>there is more than one block or trailing data</source>
        <translation>包含多个块或末尾有多余数据</translation>
    </message>
    <message>
        <source>generate an Ed25519 key</source>
        <translation>生成 Ed25519 密钥</translation>
    </message>
    <message>
        <source>The private key is encrypted; decrypt it first.</source>
        <translation>私钥已加密，请先解密。</translation>
    </message>
    <message>
        <source>expected a PKCS#8 PRIVATE KEY block, found %1</source>
        <translation>应为 PKCS#8 PRIVATE KEY 块，实际为 %1</translation>
    </message>
    <message>
        <source>the PKCS#8 structure is malformed</source>
        <translation>PKCS#8 结构格式错误</translation>
    </message>
    <message>
        <source>the Ed25519 private key inside is malformed</source>
        <translation>其中的 Ed25519 私钥格式错误</translation>
    </message>
    <message>
        <source>expected a PUBLIC KEY block, found %1</source>
        <translation>应为 PUBLIC KEY 块，实际为 %1</translation>
    </message>
    <message>
        <source>the SubjectPublicKeyInfo structure is malformed</source>
        <translation>SubjectPublicKeyInfo 结构格式错误</translation>
    </message>
    <message>
        <source>the Ed25519 public key inside is malformed</source>
        <translation>其中的 Ed25519 公钥格式错误</translation>
    </message>
    <message>
        <source>An Ed25519 public key has %1 bytes, not %2.</source>
        <translation>Ed25519 公钥应为 %1 字节，而不是 %2 字节。</translation>
    </message>
    <message>
        <source>load an Ed25519 public key</source>
        <translation>加载 Ed25519 公钥</translation>
    </message>
    <message>
        <source>An Ed25519 private key has %1 bytes, not %2.</source>
        <translation>Ed25519 私钥应为 %1 字节，而不是 %2 字节。</translation>
    </message>
    <message>
        <source>load an Ed25519 private key</source>
        <translation>加载 Ed25519 私钥</translation>
    </message>
    <message>
        <source>This is a public key; there is no private key to export.</source>
        <translation>这是公钥，没有可导出的私钥。</translation>
    </message>
    <message>
        <source>write the private key</source>
        <translation>写出私钥</translation>
    </message>
    <message>
        <source>The key is empty.</source>
        <translation>密钥为空。</translation>
    </message>
    <message>
        <source>write the public key</source>
        <translation>写出公钥</translation>
    </message>
    <message>
        <source>encode the public key</source>
        <translation>编码公钥</translation>
    </message>
    <message>
        <source>read the raw public key</source>
        <translation>读取原始公钥</translation>
    </message>
    <message>
        <source>hash the public key</source>
        <translation>计算公钥的哈希值</translation>
    </message>
    <message>
        <source>This is a public key; it cannot sign.</source>
        <translation>这是公钥，不能用于签名。</translation>
    </message>
    <message>
        <source>start signing</source>
        <translation>初始化签名</translation>
    </message>
    <message>
        <source>sign</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>The signature has %1 bytes; an Ed25519 signature has %2.</source>
        <translation>签名为 %1 字节；Ed25519 签名应为 %2 字节。</translation>
    </message>
    <message>
        <source>start verifying</source>
        <translation>初始化签名验证</translation>
    </message>
    <message>
        <source>The signature does not match the message and key.</source>
        <translation>签名与消息和密钥不匹配。</translation>
    </message>
    <message>
        <source>verify</source>
        <translation>验证签名</translation>
    </message>
</context>
<context>
    <name>deskpay::ErrorBody</name>
    <message>
        <source>The error answer is not JSON: %1</source>
        <translation>错误响应不是 JSON：%1</translation>
    </message>
    <message>
        <source>The error answer is not in DeskPay&apos;s format (%1: %2).</source>
        <translation>错误响应不符合 DeskPay 的格式（%1：%2）。</translation>
    </message>
</context>
<context>
    <name>deskpay::FlightSegment</name>
    <message>
        <source>Enter the flight number.</source>
        <translation>请输入航班号。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a flight number; write the airline code and 1–4 digits, like CA981.</source>
        <translation>“%1”不是有效的航班号；请填写航空公司代码加 1–4 位数字，例如 CA981。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a local date and time like 2025-10-01T08:30.</source>
        <translation>“%1”不是 2025-10-01T08:30 这样的当地日期和时间。</translation>
    </message>
    <message>
        <source>Enter the local departure date and time.</source>
        <translation>请输入当地起飞日期和时间。</translation>
    </message>
    <message>
        <source>Unknown airport &quot;%1&quot;.</source>
        <translation>未知的机场“%1”。</translation>
    </message>
    <message>
        <source>%1 does not exist in %2 (the clocks skip it for daylight saving time).</source>
        <translation>%1 在 %2 时区并不存在（因夏令时调整，时钟会跳过这一时刻）。</translation>
    </message>
    <message>
        <source>Enter the airport code.</source>
        <translation>请输入机场代码。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an airport code; write three capital letters, like PEK.</source>
        <translation>“%1”不是机场代码；请填写三个大写字母，例如 PEK。</translation>
    </message>
    <message>
        <source>The destination must differ from the origin.</source>
        <translation>到达地必须与出发地不同。</translation>
    </message>
    <message>
        <source>Enter the booking class.</source>
        <translation>请输入订座舱位。</translation>
    </message>
    <message>
        <source>The booking class is one capital letter A–Z.</source>
        <translation>订座舱位是一个大写字母（A–Z）。</translation>
    </message>
    <message>
        <source>Choose a cabin: F, J, W or Y.</source>
        <translation>请选择舱位等级：F、J、W 或 Y。</translation>
    </message>
</context>
<context>
    <name>deskpay::HealthIndicator</name>
    <message>
        <source>Server: not checked yet</source>
        <translation>服务器：尚未检查</translation>
    </message>
    <message>
        <source>Server: checking…</source>
        <translation>服务器：正在检查…</translation>
    </message>
    <message>
        <source>Server online</source>
        <translation>服务器在线</translation>
    </message>
    <message>
        <source>DeskPay server %1, %2 database, schema version %3</source>
        <translation>DeskPay 服务器 %1，%2 数据库，架构版本 %3</translation>
    </message>
    <message>
        <source>Server reports “%1”</source>
        <translation>服务器报告“%1”</translation>
    </message>
    <message>
        <source>The server answers but is not ready to take orders (DeskPay server %1).</source>
        <translation>服务器有响应，但暂时不能接收订单（DeskPay 服务器 %1）。</translation>
    </message>
    <message>
        <source>No server set</source>
        <translation>未设置服务器</translation>
    </message>
    <message>
        <source>Server unreachable: %1</source>
        <translation>无法连接服务器：%1</translation>
    </message>
    <message>
        <source>Error code: %1</source>
        <translation>错误代码：%1</translation>
    </message>
</context>
<context>
    <name>deskpay::HttpMessage</name>
    <message>
        <source>&quot;%1&quot; is not a valid HTTP method.</source>
        <translation>“%1”不是有效的 HTTP 方法。</translation>
    </message>
    <message>
        <source>The scheme &quot;%1&quot; is not http or https.</source>
        <translation>URL 协议“%1”不是 http 或 https。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid authority.</source>
        <translation>“%1”不是有效的 authority（主机与端口）。</translation>
    </message>
    <message>
        <source>The request target contains a character that must be percent-encoded.</source>
        <translation>请求目标包含必须进行百分号编码的字符。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an absolute http(s) URL.</source>
        <translation>“%1”不是绝对 http(s) URL。</translation>
    </message>
    <message>
        <source>The request target &quot;%1&quot; does not start with &apos;/&apos;.</source>
        <translation>请求目标“%1”未以 &apos;/&apos; 开头。</translation>
    </message>
</context>
<context>
    <name>deskpay::HttpSignature</name>
    <message>
        <source>The %1 parameter must be printable ASCII.</source>
        <translation>%1 参数必须是可打印的 ASCII 字符。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; cannot be a signature label: use lowercase letters, digits, &apos;_&apos;, &apos;-&apos;, &apos;.&apos; or &apos;*&apos;.</source>
        <translation>“%1”不能用作签名标签：只能使用小写字母、数字以及 &apos;_&apos;、&apos;-&apos;、&apos;.&apos; 或 &apos;*&apos;。</translation>
    </message>
    <message>
        <source>The random number generator failed.</source>
        <translation>随机数生成器出错。</translation>
    </message>
</context>
<context>
    <name>deskpay::IdentityChecks</name>
    <message>
        <source>This is a 15-digit identity number of the old format; convert it to the 18-character form first.</source>
        <translation>这是旧版 15 位居民身份证号码，请先转换为 18 位号码。</translation>
    </message>
    <message>
        <source>A resident identity number has 18 characters.</source>
        <translation>居民身份证号码应为 18 位。</translation>
    </message>
    <message>
        <source>A resident identity number has 17 digits followed by a digit or X.</source>
        <translation>居民身份证号码由 17 位数字加 1 位数字或 X 组成。</translation>
    </message>
    <message>
        <source>The birth date in the identity number (digits 7 to 14) is not a real date.</source>
        <translation>身份证号码中的出生日期（第 7 至 14 位）不是有效日期。</translation>
    </message>
    <message>
        <source>The birth date in the identity number lies in the future.</source>
        <translation>身份证号码中的出生日期晚于今天。</translation>
    </message>
    <message>
        <source>The last character of the identity number does not match the others; check for a typing mistake.</source>
        <translation>身份证号码的最后一位（校验码）与前面各位不符，请检查是否输错。</translation>
    </message>
    <message>
        <source>A legacy resident identity number has exactly 15 digits.</source>
        <translation>旧版居民身份证号码应为 15 位数字。</translation>
    </message>
    <message>
        <source>The birth date in the identity number is not a real date.</source>
        <translation>身份证号码中的出生日期不是有效日期。</translation>
    </message>
    <message>
        <source>Line 2 of a passport&apos;s machine-readable zone has 44 characters.</source>
        <translation>护照机读区第 2 行应为 44 个字符。</translation>
    </message>
    <message>
        <source>A machine-readable zone holds only A-Z, 0-9 and &apos;&lt;&apos;.</source>
        <translation>机读区只能包含 A-Z、0-9 和 &apos;&lt;&apos;。</translation>
    </message>
    <message>
        <source>The check digit of the passport number in the machine-readable zone is wrong.</source>
        <translation>机读区中护照号码的校验位有误。</translation>
    </message>
    <message>
        <source>The birth date in the machine-readable zone is not a real date.</source>
        <translation>机读区中的出生日期不是有效日期。</translation>
    </message>
    <message>
        <source>The check digit of the birth date in the machine-readable zone is wrong.</source>
        <translation>机读区中出生日期的校验位有误。</translation>
    </message>
    <message>
        <source>The sex in the machine-readable zone must be M, F, X or &apos;&lt;&apos;.</source>
        <translation>机读区中的性别必须为 M、F、X 或 &apos;&lt;&apos;。</translation>
    </message>
    <message>
        <source>The expiry date in the machine-readable zone is not a real date.</source>
        <translation>机读区中的有效期至日期不是有效日期。</translation>
    </message>
    <message>
        <source>The check digit of the expiry date in the machine-readable zone is wrong.</source>
        <translation>机读区中有效期至日期的校验位有误。</translation>
    </message>
    <message>
        <source>The check digit of the personal number in the machine-readable zone is wrong.</source>
        <translation>机读区中个人号码的校验位有误。</translation>
    </message>
    <message>
        <source>The composite check digit of the machine-readable zone is wrong.</source>
        <translation>机读区的综合校验位有误。</translation>
    </message>
</context>
<context>
    <name>deskpay::JsonObjectReader</name>
    <message>
        <source>The field &quot;%1&quot; appears more than once.</source>
        <translation>字段“%1”出现了多次。</translation>
    </message>
    <message>
        <source>Expected %1 but found %2.</source>
        <translation>应为%1，实际为%2。</translation>
    </message>
    <message>
        <source>The required field &quot;%1&quot; is missing.</source>
        <translation>缺少必填字段“%1”。</translation>
    </message>
    <message>
        <source>At most %1 characters are allowed here.</source>
        <translation>此处最多允许 %1 个字符。</translation>
    </message>
    <message>
        <source>The number must lie between %1 and %2.</source>
        <translation>数值必须介于 %1 和 %2 之间。</translation>
    </message>
    <message>
        <source>At most %1 items are allowed here.</source>
        <translation>此处最多允许 %1 项。</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is not part of this format.</source>
        <translation>字段“%1”不属于此格式。</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>null</source>
        <translation>空值（null）</translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation>布尔值</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>an integer</source>
        <translation>整数</translation>
    </message>
</context>
<context>
    <name>deskpay::JsonReader</name>
    <message>
        <source>Not valid JSON at line %1, column %2 (byte %3): %4</source>
        <translation>JSON 无效（第 %1 行第 %2 列，第 %3 字节）：%4</translation>
    </message>
    <message>
        <source>the input is larger than %1 bytes</source>
        <translation>输入超过 %1 字节</translation>
    </message>
    <message>
        <source>a byte order mark is not allowed</source>
        <translation>不允许使用字节顺序标记（BOM）</translation>
    </message>
    <message>
        <source>unexpected characters after the JSON value</source>
        <translation>JSON 值之后有多余字符</translation>
    </message>
    <message>
        <source>the end of the input</source>
        <translation>输入末尾</translation>
    </message>
    <message>
        <source>unexpected %1</source>
        <translation>意外遇到 %1</translation>
    </message>
    <message>
        <source>expected a value but found %1</source>
        <translation>此处应为值，但遇到 %1</translation>
    </message>
    <message>
        <source>arrays and objects are nested more than %1 deep</source>
        <translation>数组和对象的嵌套超过 %1 层</translation>
    </message>
    <message>
        <source>expected a member name in double quotes but found %1</source>
        <translation>此处应为双引号括起的成员名，但遇到 %1</translation>
    </message>
    <message>
        <source>expected &apos;:&apos; but found %1</source>
        <translation>此处应为 &apos;:&apos;，但遇到 %1</translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;}&apos; but found %1</source>
        <translation>此处应为 &apos;,&apos; 或 &apos;}&apos;，但遇到 %1</translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;]&apos; but found %1</source>
        <translation>此处应为 &apos;,&apos; 或 &apos;]&apos;，但遇到 %1</translation>
    </message>
    <message>
        <source>expected a digit but found %1</source>
        <translation>此处应为数字，但遇到 %1</translation>
    </message>
    <message>
        <source>a number may not have leading zeros</source>
        <translation>数字不能有前导零</translation>
    </message>
    <message>
        <source>expected a digit after the decimal point</source>
        <translation>小数点后应为数字</translation>
    </message>
    <message>
        <source>expected a digit in the exponent</source>
        <translation>指数部分应为数字</translation>
    </message>
    <message>
        <source>invalid UTF-8</source>
        <translation>无效的 UTF-8 编码</translation>
    </message>
    <message>
        <source>a string is not closed</source>
        <translation>字符串未闭合</translation>
    </message>
    <message>
        <source>a control character inside a string must be escaped</source>
        <translation>字符串中的控制字符必须转义</translation>
    </message>
    <message>
        <source>\u must be followed by four hexadecimal digits</source>
        <translation>\u 后面必须跟四位十六进制数字</translation>
    </message>
    <message>
        <source>a lone UTF-16 surrogate is not a character</source>
        <translation>单独的 UTF-16 代理项不是有效字符</translation>
    </message>
    <message>
        <source>unknown escape sequence</source>
        <translation>未知的转义序列</translation>
    </message>
</context>
<context>
    <name>deskpay::LanguageManager</name>
    <message>
        <source>The translation for “%1” is missing from this build.</source>
        <translation>此版本缺少“%1”的翻译。</translation>
    </message>
</context>
<context>
    <name>deskpay::MainWindow</name>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>DeskPay</source>
        <translation>DeskPay</translation>
    </message>
    <message>
        <source>My orders</source>
        <translation>我的订单</translation>
    </message>
    <message>
        <source>My &amp;orders</source>
        <translation>我的订单(&amp;O)</translation>
    </message>
    <message>
        <source>This page will list the orders you have sent, live: each row changes as the server reports it — submitted, waiting for the payer&apos;s confirmation, paid, failed or expired — with the time the payer has left to confirm, filters, search, and each order&apos;s full history.</source>
        <translation>此页面将实时列出您提交的订单：每一行都随服务器报告的状态即时变化——已提交、等待付款人确认、已付款、付款失败或已过期——并显示付款人剩余的确认时间，提供筛选、搜索以及每个订单的完整历史记录。</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>新建订单</translation>
    </message>
    <message>
        <source>&amp;New order</source>
        <translation>新建订单(&amp;N)</translation>
    </message>
    <message>
        <source>This page will hold the order form: product type, ticket number and PNR, the original and the new flight, price lines with a live total, the payer&apos;s account and real-name identity, and the pay types offered. Every field is checked as you type, a draft is kept as you go, and the order is signed with this desk&apos;s key when you send it.</source>
        <translation>此页面将提供订单表单：产品类型、票号和 PNR、原航班和新航班、实时计算总额的价格明细、付款人账户及实名身份信息，以及可选的支付方式。每个字段都会在输入时检查，草稿随时自动保存，提交时订单会使用本柜台的密钥签名。</translation>
    </message>
    <message>
        <source>Confirmations</source>
        <translation>付款人确认</translation>
    </message>
    <message>
        <source>&amp;Confirmations</source>
        <translation>付款人确认(&amp;C)</translation>
    </message>
    <message>
        <source>This page will show payers&apos; answers as they arrive: confirmations, declines, payments and failed payments, each linked to its order.</source>
        <translation>此页面将在付款人作出回应时即时显示：确认、拒绝、付款和付款失败，每一条都关联到对应的订单。</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>发件箱</translation>
    </message>
    <message>
        <source>O&amp;utbox</source>
        <translation>发件箱(&amp;U)</translation>
    </message>
    <message>
        <source>This page will list orders the server has not yet acknowledged — kept safely on this desk when the server cannot be reached and sent again automatically — with each one&apos;s state and last error.</source>
        <translation>此页面将列出服务器尚未确认收到的订单——服务器无法连接时，订单会安全地保存在本柜台并自动重新发送——并显示每个订单的状态和最近一次错误。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>This page will import batches of orders prepared offline from CSV or JSON Lines files, check every row and list each problem by row and field before anything is sent.</source>
        <translation>此页面将从 CSV 或 JSON Lines 文件导入离线准备的批量订单，在发送之前逐行检查，并按行和字段列出每个问题。</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>审核(&amp;R)</translation>
    </message>
    <message>
        <source>This page will let supervisors review payments and approve or revoke the keys of agents&apos; desks.</source>
        <translation>此页面将供主管审核付款，并批准或吊销各柜台的密钥。</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;System language</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About DeskPay</source>
        <translation>关于 DeskPay(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Settings cannot be edited in the app yet.</source>
        <translation>暂时还不能在应用内修改设置。</translation>
    </message>
    <message>
        <source>Server: %1
Private CA file: %2
SPKI pin: %3

Start DeskPay with --server URL and --ca FILE to change the server; the language is in the Language menu.</source>
        <translation>服务器：%1
私有 CA 文件：%2
SPKI 固定值：%3

如需更换服务器，请使用 --server URL 和 --ca FILE 启动 DeskPay；界面语言可在“语言”菜单中切换。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Check server &amp;now</source>
        <translation>立即检查服务器(&amp;N)</translation>
    </message>
</context>
<context>
    <name>deskpay::Money</name>
    <message>
        <source>The amount is too large.</source>
        <translation>金额过大。</translation>
    </message>
    <message>
        <source>Amounts in %1 and %2 cannot be combined.</source>
        <translation>%1 金额与 %2 金额不能合并计算。</translation>
    </message>
    <message>
        <source>no currency</source>
        <translation>无币种</translation>
    </message>
    <message>
        <source>No currency given.</source>
        <translation>未指定币种。</translation>
    </message>
    <message>
        <source>Enter an amount.</source>
        <translation>请输入金额。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an amount in %2.</source>
        <translation>“%1”不是有效的 %2 金额。</translation>
    </message>
    <message>
        <source>Amounts in %1 have no decimals.</source>
        <translation>%1 金额不能有小数。</translation>
    </message>
    <message numerus="yes">
        <source>Amounts in %1 have at most %n decimal(s).</source>
        <translation>
            <numerusform>%1 金额最多保留 %n 位小数。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>deskpay::OrderCodec</name>
    <message>
        <source>&quot;%1&quot; is not one of %2.</source>
        <translation>“%1”不是以下值之一：%2。</translation>
    </message>
    <message>
        <source>The amount is too large.</source>
        <translation>金额过大。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an amount in %2 as the wire writes it, like &quot;%3&quot; (a string with exactly %4 decimals).</source>
        <translation>“%1”不是报文格式的 %2 金额；应写成“%3”这样的字符串（恰好 %4 位小数）。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a UTC time like 2026-11-20T10:15:00Z.</source>
        <translation>“%1”不是 2026-11-20T10:15:00Z 这样的 UTC 时间。</translation>
    </message>
    <message>
        <source>An order id has 1 to 64 letters A-Z, a-z, digits, &apos;_&apos; and &apos;-&apos;.</source>
        <translation>订单号由 1 到 64 个字符组成，只能包含字母 A-Z、a-z、数字以及 &apos;_&apos; 和 &apos;-&apos;。</translation>
    </message>
    <message>
        <source>The document number is not masked; a view must never carry the full number.</source>
        <translation>证件号码未脱敏；视图中绝不能包含完整号码。</translation>
    </message>
</context>
<context>
    <name>deskpay::OrderFileValidator</name>
    <message>
        <source>%1 is a folder, not a file.</source>
        <translation>%1 是文件夹，不是文件。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is larger than %2 bytes; one order is far smaller.</source>
        <translation>%1 超过 %2 字节；单个订单远没有这么大。</translation>
    </message>
</context>
<context>
    <name>deskpay::OrderRequest</name>
    <message>
        <source>Unknown pay type &quot;%1&quot;; use ALIPAY or WECHAT_PAY.</source>
        <translation>未知的支付方式“%1”；请使用 ALIPAY 或 WECHAT_PAY。</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Choose at least one pay type the payer may use.</source>
        <translation>请至少选择一种付款人可用的支付方式。</translation>
    </message>
    <message>
        <source>%1 is listed more than once.</source>
        <translation>%1 重复列出。</translation>
    </message>
    <message>
        <source>Notes may have at most 500 characters.</source>
        <translation>备注最多 500 个字符。</translation>
    </message>
    <message>
        <source>Notes may not contain control characters.</source>
        <translation>备注不能包含控制字符。</translation>
    </message>
</context>
<context>
    <name>deskpay::OrderState</name>
    <message>
        <source>Unknown order state &quot;%1&quot;.</source>
        <translation>未知的订单状态“%1”。</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Awaiting payer confirmation</source>
        <translation>等待付款人确认</translation>
    </message>
    <message>
        <source>Payment pending</source>
        <translation>付款处理中</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已付款</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>Confirmation expired</source>
        <translation>确认已过期</translation>
    </message>
    <message>
        <source>Declined by payer</source>
        <translation>付款人已拒绝</translation>
    </message>
    <message>
        <source>Payment failed</source>
        <translation>付款失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Refund pending</source>
        <translation>退款处理中</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>The order is %1, a final state; it cannot become %2.</source>
        <translation>订单已处于终态“%1”，不能再变为“%2”。</translation>
    </message>
    <message>
        <source>An order cannot go from %1 to %2.</source>
        <translation>订单不能从“%1”变为“%2”。</translation>
    </message>
</context>
<context>
    <name>deskpay::Payer</name>
    <message>
        <source>Enter the payer&apos;s DeskPay account.</source>
        <translation>请输入付款人的 DeskPay 账户。</translation>
    </message>
    <message>
        <source>A payer account has 3 to 64 letters, digits and . _ @ + - and starts with a letter, a digit or +.</source>
        <translation>付款人账户由 3 到 64 个字母、数字及 . _ @ + - 组成，且必须以字母、数字或 + 开头。</translation>
    </message>
</context>
<context>
    <name>deskpay::PlaceholderPage</name>
    <message>
        <source>Not built yet.</source>
        <translation>尚未开发。</translation>
    </message>
</context>
<context>
    <name>deskpay::RealNameId</name>
    <message>
        <source>Enter the payer&apos;s name as printed on the identity document.</source>
        <translation>请按证件上印制的姓名输入付款人姓名。</translation>
    </message>
    <message>
        <source>The name is longer than 64 characters.</source>
        <translation>姓名超过 64 个字符。</translation>
    </message>
    <message>
        <source>A name holds letters, spaces, middle dots, hyphens, apostrophes and full stops only.</source>
        <translation>姓名只能包含字母、空格、间隔号（·）、连字符、撇号和句点。</translation>
    </message>
    <message>
        <source>Enter the document number.</source>
        <translation>请输入证件号码。</translation>
    </message>
    <message>
        <source>The document number is longer than 32 characters.</source>
        <translation>证件号码超过 32 个字符。</translation>
    </message>
    <message>
        <source>A passport number has 5 to 9 letters A-Z and digits.</source>
        <translation>护照号码由 5 到 9 位字母 A-Z 和数字组成。</translation>
    </message>
    <message>
        <source>A document number has 4 to 32 letters A-Z, digits and hyphens.</source>
        <translation>证件号码由 4 到 32 位字母 A-Z、数字和连字符组成。</translation>
    </message>
    <message>
        <source>A machine-readable zone line can only be given for a passport.</source>
        <translation>只有护照才能填写机读区信息。</translation>
    </message>
    <message>
        <source>The passport number in the machine-readable zone differs from the document number.</source>
        <translation>机读区中的护照号码与证件号码不一致。</translation>
    </message>
</context>
<context>
    <name>deskpay::ServerHealth</name>
    <message>
        <source>The server&apos;s health answer is not JSON: %1 at offset %2.</source>
        <translation>服务器的健康检查响应不是 JSON：%1（偏移量 %2）。</translation>
    </message>
    <message>
        <source>The server&apos;s health answer is not a JSON object.</source>
        <translation>服务器的健康检查响应不是 JSON 对象。</translation>
    </message>
    <message>
        <source>The server&apos;s health answer has no text field “%1”.</source>
        <translation>服务器的健康检查响应缺少文本字段“%1”。</translation>
    </message>
    <message>
        <source>The server&apos;s health answer has no whole-number field “%1”.</source>
        <translation>服务器的健康检查响应缺少整数字段“%1”。</translation>
    </message>
</context>
<context>
    <name>deskpay::Settings</name>
    <message>
        <source>DeskPay has no translation for “%1”.</source>
        <translation>DeskPay 没有“%1”的翻译。</translation>
    </message>
    <message>
        <source>The value for %1 has the wrong type.</source>
        <translation>%1 的值类型不正确。</translation>
    </message>
</context>
<context>
    <name>deskpay::SignatureBase</name>
    <message>
        <source>Covered component %1: %2.</source>
        <translation>签名覆盖的组件 %1：%2。</translation>
    </message>
    <message>
        <source>a component identifier must be a string</source>
        <translation>组件标识符必须是字符串</translation>
    </message>
    <message>
        <source>Component parameters such as ;%1 on %2 are not supported.</source>
        <translation>不支持组件参数（例如 %2 上的 ;%1）。</translation>
    </message>
    <message>
        <source>the signature parameters cannot cover themselves</source>
        <translation>签名参数不能覆盖自身</translation>
    </message>
    <message>
        <source>The derived component %1 is not supported.</source>
        <translation>不支持派生组件 %1。</translation>
    </message>
    <message>
        <source>a header field name must be a lowercase token</source>
        <translation>头字段名必须是小写的令牌（token）</translation>
    </message>
    <message>
        <source>The covered header field %1 is not in the message.</source>
        <translation>消息中没有签名所覆盖的头字段 %1。</translation>
    </message>
    <message>
        <source>The value of %1 contains a line break.</source>
        <translation>%1 的值包含换行符。</translation>
    </message>
    <message>
        <source>it is listed twice</source>
        <translation>重复列出</translation>
    </message>
</context>
<context>
    <name>deskpay::SignatureVerifier</name>
    <message>
        <source>Signature-Input lists a component identifier that is not a string.</source>
        <translation>Signature-Input 列出的某个组件标识符不是字符串。</translation>
    </message>
    <message>
        <source>Signature-Input lists %1 twice.</source>
        <translation>Signature-Input 重复列出了 %1。</translation>
    </message>
    <message>
        <source>The signature has no %1 parameter.</source>
        <translation>签名缺少 %1 参数。</translation>
    </message>
    <message>
        <source>must be a non-negative integer</source>
        <translation>必须是非负整数</translation>
    </message>
    <message>
        <source>must be a string</source>
        <translation>必须是字符串</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>不能为空</translation>
    </message>
    <message>
        <source>is earlier than created</source>
        <translation>早于 created</translation>
    </message>
    <message>
        <source>The signature algorithm &quot;%1&quot; is not accepted; use &quot;%2&quot;.</source>
        <translation>不接受签名算法“%1”；请使用“%2”。</translation>
    </message>
    <message>
        <source>The signature tag &quot;%1&quot; is not the expected &quot;%2&quot;.</source>
        <translation>签名的 tag“%1”不是预期的“%2”。</translation>
    </message>
    <message>
        <source>The signature does not cover %1.</source>
        <translation>签名未覆盖 %1。</translation>
    </message>
    <message>
        <source>The %1 parameter %2.</source>
        <translation>%1 参数%2。</translation>
    </message>
    <message>
        <source>The request has no Signature-Input header.</source>
        <translation>请求缺少 Signature-Input 头。</translation>
    </message>
    <message>
        <source>The request has no Signature header.</source>
        <translation>请求缺少 Signature 头。</translation>
    </message>
    <message>
        <source>The Signature-Input header is malformed: %1</source>
        <translation>Signature-Input 头格式错误：%1</translation>
    </message>
    <message>
        <source>The Signature header is malformed: %1</source>
        <translation>Signature 头格式错误：%1</translation>
    </message>
    <message>
        <source>Signature-Input has no signature labelled &quot;%1&quot;.</source>
        <translation>Signature-Input 中没有标签为“%1”的签名。</translation>
    </message>
    <message>
        <source>Signature has no signature labelled &quot;%1&quot;.</source>
        <translation>Signature 头中没有标签为“%1”的签名。</translation>
    </message>
    <message>
        <source>The &quot;%1&quot; member of Signature-Input is not an inner list.</source>
        <translation>Signature-Input 的“%1”成员不是内部列表。</translation>
    </message>
    <message>
        <source>The &quot;%1&quot; member of Signature is not a byte sequence.</source>
        <translation>Signature 的“%1”成员不是字节序列。</translation>
    </message>
    <message>
        <source>The signature is valid for %1 seconds; at most %2 are allowed.</source>
        <translation>签名有效期为 %1 秒；最多允许 %2 秒。</translation>
    </message>
    <message>
        <source>The signature was created %1 seconds in the future; check the desk&apos;s clock.</source>
        <translation>签名的创建时间比当前时间晚 %1 秒；请检查柜台电脑的时钟。</translation>
    </message>
    <message>
        <source>The signature expired %1 seconds ago.</source>
        <translation>签名已于 %1 秒前过期。</translation>
    </message>
    <message>
        <source>The signature was created %1 seconds ago; at most %2 are allowed.</source>
        <translation>签名创建于 %1 秒前；最多允许 %2 秒。</translation>
    </message>
    <message>
        <source>No key store is configured to verify signatures.</source>
        <translation>未配置用于验证签名的密钥库。</translation>
    </message>
    <message>
        <source>The signature does not match the request: the request was changed after signing, or signed with another key than %1.</source>
        <translation>签名与请求不符：请求在签名后被修改过，或者是用 %1 以外的密钥签名的。</translation>
    </message>
</context>
<context>
    <name>deskpay::StructuredFields</name>
    <message>
        <source>Malformed structured field at offset %1: %2.</source>
        <translation>结构化字段格式错误（偏移量 %1）：%2。</translation>
    </message>
    <message>
        <source>expected a bare item</source>
        <translation>此处应为裸项（bare item）</translation>
    </message>
    <message>
        <source>expected a digit</source>
        <translation>此处应为数字</translation>
    </message>
    <message>
        <source>decimal has more than 12 integer digits</source>
        <translation>小数的整数部分超过 12 位</translation>
    </message>
    <message>
        <source>integer has more than 15 digits</source>
        <translation>整数超过 15 位</translation>
    </message>
    <message>
        <source>decimal is too long</source>
        <translation>小数过长</translation>
    </message>
    <message>
        <source>decimal ends with a dot</source>
        <translation>小数以小数点结尾</translation>
    </message>
    <message>
        <source>decimal has more than 3 fractional digits</source>
        <translation>小数的小数部分超过 3 位</translation>
    </message>
    <message>
        <source>string ends inside an escape</source>
        <translation>字符串在转义序列中途结束</translation>
    </message>
    <message>
        <source>only \&quot; and \\ may be escaped in a string</source>
        <translation>字符串中只能转义 \&quot; 和 \\</translation>
    </message>
    <message>
        <source>string contains a character outside printable ASCII</source>
        <translation>字符串包含可打印 ASCII 以外的字符</translation>
    </message>
    <message>
        <source>string has no closing quote</source>
        <translation>字符串缺少结束引号</translation>
    </message>
    <message>
        <source>byte sequence contains a character outside base64</source>
        <translation>字节序列包含 base64 以外的字符</translation>
    </message>
    <message>
        <source>byte sequence has no closing colon</source>
        <translation>字节序列缺少结束冒号</translation>
    </message>
    <message>
        <source>byte sequence has padding before its end</source>
        <translation>字节序列在结尾之前出现了填充字符</translation>
    </message>
    <message>
        <source>byte sequence has wrong padding</source>
        <translation>字节序列的填充不正确</translation>
    </message>
    <message>
        <source>byte sequence is not valid base64</source>
        <translation>字节序列不是有效的 base64</translation>
    </message>
    <message>
        <source>boolean must be ?0 or ?1</source>
        <translation>布尔值必须是 ?0 或 ?1</translation>
    </message>
    <message>
        <source>expected a key (lowercase letter or *)</source>
        <translation>此处应为键（以小写字母或 * 开头）</translation>
    </message>
    <message>
        <source>inner list items must be separated by spaces</source>
        <translation>内部列表的各项必须用空格分隔</translation>
    </message>
    <message>
        <source>inner list has no closing parenthesis</source>
        <translation>内部列表缺少右括号</translation>
    </message>
    <message>
        <source>expected a comma between members</source>
        <translation>成员之间应有逗号</translation>
    </message>
    <message>
        <source>trailing comma</source>
        <translation>末尾多了一个逗号</translation>
    </message>
    <message>
        <source>unexpected characters after the value</source>
        <translation>值之后有多余字符</translation>
    </message>
    <message>
        <source>Cannot serialise structured field: %1.</source>
        <translation>无法序列化结构化字段：%1。</translation>
    </message>
    <message>
        <source>integer %1 has more than 15 digits</source>
        <translation>整数 %1 超过 15 位</translation>
    </message>
    <message>
        <source>decimal is out of range</source>
        <translation>小数超出范围</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid token</source>
        <translation>“%1”不是有效的令牌（token）</translation>
    </message>
    <message>
        <source>unknown item type</source>
        <translation>未知的项类型</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid key</source>
        <translation>“%1”不是有效的键</translation>
    </message>
</context>
<context>
    <name>deskpay::TlsTrust</name>
    <message>
        <source>The CA file %1 cannot be read: %2.</source>
        <translation>无法读取 CA 文件 %1：%2。</translation>
    </message>
    <message>
        <source>The CA file %1 holds no certificate in PEM or DER form.</source>
        <translation>CA 文件 %1 中没有 PEM 或 DER 格式的证书。</translation>
    </message>
    <message>
        <source>“%1” is not an SPKI pin: expected the base64 of a SHA-256 digest (44 characters ending in “=”).</source>
        <translation>“%1”不是有效的 SPKI 固定值：应为 SHA-256 摘要的 base64 编码（44 个字符，以“=”结尾）。</translation>
    </message>
    <message>
        <source>The server sent no certificate.</source>
        <translation>服务器没有发送证书。</translation>
    </message>
    <message>
        <source>Subject: %1
Issuer: %2
SHA-256 fingerprint: %3
Valid from %4 to %5</source>
        <translation>主题：%1
颁发者：%2
SHA-256 指纹：%3
有效期：%4 至 %5</translation>
    </message>
</context>
<context>
    <name>deskpay::main</name>
    <message>
        <source>DeskPay: change and upgrade payments for airline desk agents.</source>
        <translation>DeskPay：航空公司柜台改期与升舱付款。</translation>
    </message>
    <message>
        <source>The DeskPay server, for example https://127.0.0.1:8443. Remembered for next time.</source>
        <translation>DeskPay 服务器，例如 https://127.0.0.1:8443。下次启动时沿用。</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>A CA certificate file (PEM or DER) to trust for that server. Remembered for next time.</source>
        <translation>信任该服务器所用的 CA 证书文件（PEM 或 DER）。下次启动时沿用。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
</context>
</TS>
