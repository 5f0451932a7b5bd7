<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" targetNamespace="foo">
	<xsd:attributeGroup name="xyz">
		<xsd:attribute name="includedAtt" type="xsd:integer"/>
	</xsd:attributeGroup>
</xsd:schema>
