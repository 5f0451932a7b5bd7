<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
	<xsd:attributeGroup name="car">
		<xsd:attribute name="att" type="xsd:int"/>
		<xsd:attribute name="att1" type="xsd:string"/>
		<xsd:attribute name="att2" type="xsd:string"/>
	</xsd:attributeGroup>
</xsd:schema>
