<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>deskpay::ChangeOrder</name>
    <message numerus="yes">
        <source>The new flight departs too soon: changes close %n minute(s) before departure.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>deskpay::Money</name>
    <message numerus="yes">
        <source>Amounts in %1 have at most %n decimal(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
