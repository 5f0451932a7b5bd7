<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
	<xsd:attributeGroup name="foo">
		<xsd:attribute name="foo1" type="xsd:int"/>
		<xsd:attribute name="foo2" type="xsd:string"/>
	</xsd:attributeGroup>
</xsd:schema>
