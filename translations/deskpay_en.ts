<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>deskpay::ChangeOrder</name>
    <message numerus="yes">
        <source>The new flight departs too soon: changes close %n minute(s) before departure.</source>
        <translation>
            <numerusform>The new flight departs too soon: changes close %n minute before departure.</numerusform>
            <numerusform>The new flight departs too soon: changes close %n minutes before departure.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>deskpay::Money</name>
    <message numerus="yes">
        <source>Amounts in %1 have at most %n decimal(s).</source>
        <translation>
            <numerusform>Amounts in %1 have at most %n decimal.</numerusform>
            <numerusform>Amounts in %1 have at most %n decimals.</numerusform>
        </translation>
    </message>
</context>
</TS>
