<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
	<xsd:complexType name="tabletype">
		<xsd:sequence>
			<xsd:element name="r" type="xsd:string"/>
		</xsd:sequence>
	</xsd:complexType>
</xsd:schema>
